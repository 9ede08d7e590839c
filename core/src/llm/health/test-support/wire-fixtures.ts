/**
 * Response bodies in the vendors' wire formats, as their API references document them, for
 * the cheap "list models" calls the router and `doctor` make.
 */

/** Ollama `GET /api/tags` (https://github.com/ollama/ollama/blob/main/docs/api.md#list-local-models). */
export const OLLAMA_TAGS = {
  models: [
    {
      name: "llama3:8b",
      model: "llama3:8b",
      modified_at: "2024-05-20T10:12:43.582373-07:00",
      size: 4661224676,
      digest: "365c0bd3c000a25d28ddbf732fe1c6add414de7275464c4e4d1c3b5fcb5d8ad1",
      details: {
        parent_model: "",
        format: "gguf",
        family: "llama",
        families: ["llama"],
        parameter_size: "8.0B",
        quantization_level: "Q4_0",
      },
    },
  ],
};

/** OpenAI `GET /v1/models` (https://platform.openai.com/docs/api-reference/models/list). */
export const OPENAI_MODELS = {
  object: "list",
  data: [
    { id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" },
    { id: "gpt-4o", object: "model", created: 1715367049, owned_by: "system" },
  ],
};

/** OpenAI's 401 body for a wrong key. */
export const OPENAI_INVALID_KEY = {
  error: {
    message:
      "Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.",
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  },
};

/** Anthropic `GET /v1/models` (https://docs.anthropic.com/en/api/models-list). */
export const ANTHROPIC_MODELS = {
  data: [
    {
      type: "model",
      id: "claude-sonnet-4-20250514",
      display_name: "Claude Sonnet 4",
      created_at: "2025-05-22T00:00:00Z",
    },
  ],
  has_more: false,
  first_id: "claude-sonnet-4-20250514",
  last_id: "claude-sonnet-4-20250514",
};

/** Anthropic's 401 body for a wrong key. */
export const ANTHROPIC_INVALID_KEY = {
  type: "error",
  error: { type: "authentication_error", message: "invalid x-api-key" },
};
