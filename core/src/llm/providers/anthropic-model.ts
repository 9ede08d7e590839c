import Anthropic from "@anthropic-ai/sdk";
import type {
  Message,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
} from "@anthropic-ai/sdk/resources/messages";
import type { GenerateRequest, LanguageModel } from "../language-model.js";
import type { AttemptContext } from "../retry/index.js";
import { withJsonInstructions } from "../structured/json-instructions.js";
import { toJsonSchema } from "../structured/json-schema.js";
import type { FailureContext } from "./describe-http-failure.js";
import type { ProviderModelOptions } from "./provider-model-options.js";
import { providerSecretRedactor } from "./provider-secret-redactor.js";
import { type ProviderAnswer, runGenerate } from "./run-generate.js";
import { sdkErrorToProviderError } from "./sdk-error.js";

/** Options of {@link createAnthropicModel}. */
export interface AnthropicModelOptions extends ProviderModelOptions {
  apiKey: string;
  /** The API origin without `/v1`; defaults to `https://api.anthropic.com`. */
  baseUrl?: string;
}

const DEFAULT_BASE_URL = "https://api.anthropic.com";

/**
 * A {@link LanguageModel} on Anthropic's Messages API.
 *
 * Structured output uses a tool whose `input_schema` is the requested JSON Schema, forced with
 * `tool_choice: {type: "tool"}`: every Claude model supports it (the newer `output_config`
 * JSON-schema mode only the latest ones), and the answer arrives as an already-parsed object
 * that zod then validates. A schema whose root is not an object (tool inputs must be objects)
 * falls back to JSON instructions in the system prompt. `onText` streams the SSE events
 * (`text_delta`, or `input_json_delta` for a schema) and reads usage from `message_start` and
 * `message_delta`.
 *
 * No temperature is sent: the SDK speaks API version 2026-10-21, which rejects `temperature`,
 * `top_p` and `top_k` on every model.
 */
export function createAnthropicModel(options: AnthropicModelOptions): LanguageModel {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: baseUrl,
    // Retries live in one layer, ours; the SDK's timeout is only a backstop behind our own.
    maxRetries: 0,
    timeout: options.llm.timeoutMs + 1_000,
    fetch: options.fetch,
  });
  const failure: FailureContext = {
    provider: "anthropic",
    displayName: "Anthropic",
    model: options.model,
    baseUrl,
    keyVariable: "ANTHROPIC_API_KEY",
    redact: providerSecretRedactor(options, options.apiKey),
  };
  const toProviderError = (error: unknown) => sdkErrorToProviderError(error, Anthropic, failure);

  return {
    id: `anthropic/${options.model}`,
    provider: "anthropic",
    model: options.model,
    generate(request) {
      const body = anthropicRequestBody(options, request);
      return runGenerate(
        request,
        { ...options, provider: "anthropic", toProviderError },
        (context) =>
          request.onText
            ? streamMessage(client, body, context, request.onText)
            : createMessage(client, body, context),
      );
    },
  };
}

/** The Messages API request body for a request (without `stream`). */
export function anthropicRequestBody(
  options: Pick<AnthropicModelOptions, "model" | "llm">,
  request: GenerateRequest<unknown>,
): MessageCreateParamsNonStreaming {
  let system = request.system;
  let tools: Pick<MessageCreateParamsNonStreaming, "tools" | "tool_choice"> = {};
  if (request.schema) {
    const schema = toJsonSchema(request.schema);
    if (schema.type === "object") {
      const name = toolName(request.schemaName);
      tools = {
        tools: [
          {
            name,
            description:
              "Record your complete answer. Call this tool exactly once with the whole answer as its input.",
            input_schema: schema as { type: "object"; [key: string]: unknown },
          },
        ],
        tool_choice: { type: "tool", name },
      };
    } else {
      system = withJsonInstructions(system, schema);
    }
  }
  return {
    model: options.model,
    max_tokens: request.maxTokens ?? options.llm.maxOutputTokens,
    ...(system ? { system } : {}),
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    ...tools,
  };
}

async function createMessage(
  client: Anthropic,
  body: MessageCreateParamsNonStreaming,
  context: AttemptContext,
): Promise<ProviderAnswer> {
  const { data, request_id } = await client.messages
    .create(body, { signal: context.signal })
    .withResponse();
  return {
    text: answerText(data, body),
    model: data.model,
    inputTokens:
      data.usage.input_tokens +
      (data.usage.cache_creation_input_tokens ?? 0) +
      (data.usage.cache_read_input_tokens ?? 0),
    outputTokens: data.usage.output_tokens,
    truncated: data.stop_reason === "max_tokens",
    requestId: request_id,
  };
}

/** The forced tool's input as JSON when a tool was asked for, else the text blocks. */
function answerText(message: Message, body: MessageCreateParamsNonStreaming): string {
  const forced = body.tool_choice?.type === "tool" ? body.tool_choice.name : undefined;
  if (forced) {
    const call = message.content.find(
      (block) => block.type === "tool_use" && block.name === forced,
    );
    if (call?.type === "tool_use") return JSON.stringify(call.input);
  }
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

async function streamMessage(
  client: Anthropic,
  body: MessageCreateParamsNonStreaming,
  context: AttemptContext,
  onText: (delta: string) => void,
): Promise<ProviderAnswer> {
  const streaming: MessageCreateParamsStreaming = { ...body, stream: true };
  const { data: stream, request_id } = await client.messages
    .create(streaming, { signal: context.signal })
    .withResponse();
  const forcedTool = body.tool_choice?.type === "tool";
  let text = "";
  let model = body.model;
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let truncated = false;
  for await (const event of stream) {
    if (event.type === "message_start") {
      model = event.message.model;
      const usage = event.message.usage;
      inputTokens =
        usage.input_tokens +
        (usage.cache_creation_input_tokens ?? 0) +
        (usage.cache_read_input_tokens ?? 0);
      outputTokens = usage.output_tokens;
    } else if (event.type === "content_block_delta") {
      const delta =
        event.delta.type === "text_delta" && !forcedTool
          ? event.delta.text
          : event.delta.type === "input_json_delta" && forcedTool
            ? event.delta.partial_json
            : "";
      if (delta) {
        text += delta;
        context.commit();
        onText(delta);
      }
    } else if (event.type === "message_delta") {
      outputTokens = event.usage.output_tokens;
      if (event.delta.stop_reason === "max_tokens") truncated = true;
    }
  }
  return { text, model, inputTokens, outputTokens, truncated, requestId: request_id };
}

/** Anthropic wants `^[a-zA-Z0-9_-]{1,128}$`. */
function toolName(name: string | undefined): string {
  const cleaned = (name ?? "answer").replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 128);
  return cleaned === "" ? "answer" : cleaned;
}
