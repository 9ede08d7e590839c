/**
 * Responses in OpenAI's Chat Completions wire format, as the API reference documents them,
 * for nock interceptors.
 */

/** Origin of the default OpenAI endpoint. */
export const OPENAI_ORIGIN = "https://api.openai.com";

/** A non-streaming `chat.completion` object. */
export function openAICompletion(
  content: string | null,
  options: {
    model?: string;
    usage?: { prompt_tokens: number; completion_tokens: number } | null;
    finishReason?: "stop" | "length";
    refusal?: string | null;
  } = {},
) {
  const usage =
    options.usage === undefined ? { prompt_tokens: 25, completion_tokens: 7 } : options.usage;
  return {
    id: "chatcmpl-BxVz3sPq1oT8fYk2LmN4",
    object: "chat.completion",
    created: 1_767_225_600,
    model: options.model ?? "gpt-4o-mini-2024-07-18",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: options.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: options.finishReason ?? "stop",
      },
    ],
    ...(usage
      ? {
          usage: {
            ...usage,
            total_tokens: usage.prompt_tokens + usage.completion_tokens,
            prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
            completion_tokens_details: {
              reasoning_tokens: 0,
              audio_tokens: 0,
              accepted_prediction_tokens: 0,
              rejected_prediction_tokens: 0,
            },
          },
        }
      : {}),
    service_tier: "default",
    system_fingerprint: "fp_34a54ae93c",
  };
}

/** Response headers OpenAI sends with every answer. */
export function openAIHeaders(requestId = "req_4f2c6a1b9e7d4c3a8b5e"): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-request-id": requestId,
    "openai-processing-ms": "412",
    "openai-version": "2020-10-01",
  };
}

/** A streamed completion: `text/event-stream` chunks ending with the usage chunk and `[DONE]`. */
export function openAIStream(
  deltas: readonly string[],
  options: {
    model?: string;
    usage?: { prompt_tokens: number; completion_tokens: number } | null;
  } = {},
): string {
  const model = options.model ?? "gpt-4o-mini-2024-07-18";
  const base = {
    id: "chatcmpl-BxW0aStreamQ9",
    object: "chat.completion.chunk",
    created: 1_767_225_600,
    model,
    service_tier: "default",
    system_fingerprint: "fp_34a54ae93c",
  };
  const chunks: unknown[] = [
    {
      ...base,
      choices: [
        {
          index: 0,
          delta: { role: "assistant", content: "", refusal: null },
          logprobs: null,
          finish_reason: null,
        },
      ],
      usage: null,
    },
    ...deltas.map((content) => ({
      ...base,
      choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
      usage: null,
    })),
    {
      ...base,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }],
      usage: null,
    },
  ];
  const usage =
    options.usage === undefined
      ? { prompt_tokens: 18, completion_tokens: deltas.length }
      : options.usage;
  if (usage) {
    chunks.push({
      ...base,
      choices: [],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;
}

/** OpenAI's error body. */
export function openAIError(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}
