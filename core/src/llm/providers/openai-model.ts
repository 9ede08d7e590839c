import OpenAI from "openai";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { GenerateRequest, LanguageModel } from "../language-model.js";
import type { AttemptContext } from "../retry/index.js";
import { withJsonInstructions } from "../structured/json-instructions.js";
import { isStrictCompatible, toJsonSchema } from "../structured/json-schema.js";
import type { FailureContext } from "./describe-http-failure.js";
import type { ProviderModelOptions } from "./provider-model-options.js";
import { providerSecretRedactor } from "./provider-secret-redactor.js";
import { type ProviderAnswer, runGenerate } from "./run-generate.js";
import { sdkErrorToProviderError } from "./sdk-error.js";

/** Options of {@link createOpenAIModel}. */
export interface OpenAIModelOptions extends ProviderModelOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint including `/v1`; defaults to `https://api.openai.com/v1`. */
  baseUrl?: string;
  organization?: string;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Reasoning models reject a `temperature` other than the default. */
const REASONING_MODEL = /^(o\d|gpt-5)/;

/**
 * A {@link LanguageModel} on OpenAI's Chat Completions API (also any OpenAI-compatible endpoint
 * through `baseUrl`). A schema uses strict `json_schema` structured outputs when the schema
 * allows it, else JSON mode with the schema in the system prompt. `onText` streams with
 * `stream_options.include_usage`, so streamed calls still report real usage.
 */
export function createOpenAIModel(options: OpenAIModelOptions): LanguageModel {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: baseUrl,
    organization: options.organization ?? null,
    // Retries live in one layer, ours; the SDK's timeout is only a backstop behind our own.
    maxRetries: 0,
    timeout: options.llm.timeoutMs + 1_000,
    fetch: options.fetch,
  });
  const failure: FailureContext = {
    provider: "openai",
    displayName: "OpenAI",
    model: options.model,
    baseUrl,
    keyVariable: "OPENAI_API_KEY",
    redact: providerSecretRedactor(options, options.apiKey),
  };
  const toProviderError = (error: unknown) => sdkErrorToProviderError(error, OpenAI, failure);

  return {
    id: `openai/${options.model}`,
    provider: "openai",
    model: options.model,
    generate(request) {
      const body = openAIRequestBody(options, request);
      return runGenerate(request, { ...options, provider: "openai", toProviderError }, (context) =>
        request.onText
          ? streamCompletion(client, body, context, request.onText)
          : completeOnce(client, body, context),
      );
    },
  };
}

/** The Chat Completions request body for a request (without the streaming fields). */
export function openAIRequestBody(
  options: Pick<OpenAIModelOptions, "model" | "llm">,
  request: GenerateRequest<unknown>,
): ChatCompletionCreateParamsNonStreaming {
  let system = request.system;
  let responseFormat: ChatCompletionCreateParamsNonStreaming["response_format"];
  if (request.schema) {
    const schema = toJsonSchema(request.schema);
    if (isStrictCompatible(schema)) {
      responseFormat = {
        type: "json_schema",
        json_schema: { name: schemaName(request.schemaName), schema, strict: true },
      };
    } else {
      // JSON mode guarantees JSON but not the shape, so the shape travels in the prompt.
      system = withJsonInstructions(system, schema);
      if (schema.type === "object") responseFormat = { type: "json_object" };
    }
  }
  const messages: ChatCompletionMessageParam[] = [
    ...(system ? [{ role: "system" as const, content: system }] : []),
    ...request.messages.map((message) => ({ role: message.role, content: message.content })),
  ];
  return {
    model: options.model,
    messages,
    ...(REASONING_MODEL.test(options.model)
      ? {}
      : { temperature: request.temperature ?? options.llm.temperature }),
    max_completion_tokens: request.maxTokens ?? options.llm.maxOutputTokens,
    ...(responseFormat ? { response_format: responseFormat } : {}),
  };
}

async function completeOnce(
  client: OpenAI,
  body: ChatCompletionCreateParamsNonStreaming,
  context: AttemptContext,
): Promise<ProviderAnswer> {
  const { data, request_id } = await client.chat.completions
    .create(body, { signal: context.signal })
    .withResponse();
  const choice = data.choices[0];
  const refusal = choice?.message.refusal;
  return {
    text: choice?.message.content ?? (refusal ? `Refused: ${refusal}` : ""),
    model: data.model,
    inputTokens: data.usage?.prompt_tokens,
    outputTokens: data.usage?.completion_tokens,
    truncated: choice?.finish_reason === "length",
    requestId: request_id,
  };
}

async function streamCompletion(
  client: OpenAI,
  body: ChatCompletionCreateParamsNonStreaming,
  context: AttemptContext,
  onText: (delta: string) => void,
): Promise<ProviderAnswer> {
  const streaming: ChatCompletionCreateParamsStreaming = {
    ...body,
    stream: true,
    stream_options: { include_usage: true },
  };
  const { data: stream, request_id } = await client.chat.completions
    .create(streaming, { signal: context.signal })
    .withResponse();
  let text = "";
  let model = body.model;
  let truncated = false;
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  for await (const chunk of stream) {
    model = chunk.model || model;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice?.finish_reason === "length") truncated = true;
    const delta = choice?.delta.content;
    if (delta) {
      text += delta;
      context.commit();
      onText(delta);
    }
  }
  return {
    text,
    model,
    inputTokens: usage?.prompt_tokens,
    outputTokens: usage?.completion_tokens,
    truncated,
    requestId: request_id,
  };
}

/** OpenAI wants `^[a-zA-Z0-9_-]{1,64}$`. */
function schemaName(name: string | undefined): string {
  const cleaned = (name ?? "response").replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
  return cleaned === "" ? "response" : cleaned;
}
