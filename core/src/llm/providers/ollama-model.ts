import { type ChatRequest, type ChatResponse, type Message, Ollama } from "ollama";
import { ProviderError } from "../../errors/index.js";
import type { GenerateRequest, LanguageModel } from "../language-model.js";
import type { AttemptContext } from "../retry/index.js";
import { withJsonInstructions } from "../structured/json-instructions.js";
import { toJsonSchema } from "../structured/json-schema.js";
import { type FailureContext, httpFailureToProviderError } from "./describe-http-failure.js";
import { describeNetworkFailure } from "./network-failure.js";
import type { ProviderModelOptions } from "./provider-model-options.js";
import { providerSecretRedactor } from "./provider-secret-redactor.js";
import { type ProviderAnswer, runGenerate } from "./run-generate.js";

/** Options of {@link createOllamaModel}. */
export interface OllamaModelOptions extends ProviderModelOptions {
  /** The Ollama server (config `providers.ollama.host`, `OLLAMA_HOST`). */
  host: string;
}

/** The last HTTP answer of one attempt, kept because ollama-js errors carry no headers. */
interface LastResponse {
  status: number;
  headers: Headers;
}

/**
 * A {@link LanguageModel} on a local or self-hosted Ollama server (`/api/chat`). A schema goes
 * in Ollama's `format` field as JSON Schema (constrained decoding) and, as Ollama recommends,
 * also into the system prompt. `onText` streams the NDJSON chunks; usage comes from the final
 * chunk's `prompt_eval_count` / `eval_count`, estimated when Ollama leaves them out (it omits
 * `prompt_eval_count` when the prompt was cached).
 */
export function createOllamaModel(options: OllamaModelOptions): LanguageModel {
  const failure: FailureContext = {
    provider: "ollama",
    displayName: "Ollama",
    model: options.model,
    baseUrl: options.host,
    redact: providerSecretRedactor(options),
  };

  return {
    id: `ollama/${options.model}`,
    provider: "ollama",
    model: options.model,
    generate(request) {
      const body = ollamaRequestBody(options, request);
      let last: LastResponse | undefined;
      const toProviderError = (error: unknown) => ollamaErrorToProviderError(error, last, failure);
      return runGenerate(
        request,
        { ...options, provider: "ollama", toProviderError },
        (context) => {
          last = undefined;
          // ollama-js takes no per-call signal, so each attempt gets a client whose fetch
          // carries the attempt's signal (caller abort + timeout) and records the answer.
          const client = new Ollama({
            host: options.host,
            fetch: async (input, init) => {
              const signal = init?.signal
                ? AbortSignal.any([init.signal, context.signal])
                : context.signal;
              const response = await (options.fetch ?? globalThis.fetch)(input, {
                ...init,
                signal,
              });
              last = { status: response.status, headers: response.headers };
              return response;
            },
          });
          return request.onText
            ? streamChat(client, body, context, request.onText)
            : chatOnce(client, body);
        },
      );
    },
  };
}

/** The `/api/chat` request body for a request (without `stream`). */
export function ollamaRequestBody(
  options: Pick<OllamaModelOptions, "model" | "llm">,
  request: GenerateRequest<unknown>,
): ChatRequest {
  let system = request.system;
  let format: object | undefined;
  if (request.schema) {
    const schema = toJsonSchema(request.schema);
    format = schema;
    system = withJsonInstructions(system, schema);
  }
  const messages: Message[] = [
    ...(system ? [{ role: "system", content: system }] : []),
    ...request.messages.map((message) => ({ role: message.role, content: message.content })),
  ];
  return {
    model: options.model,
    messages,
    ...(format ? { format } : {}),
    options: {
      temperature: request.temperature ?? options.llm.temperature,
      num_predict: request.maxTokens ?? options.llm.maxOutputTokens,
    },
  };
}

async function chatOnce(client: Ollama, body: ChatRequest): Promise<ProviderAnswer> {
  const response: ChatResponse = await client.chat({ ...body, stream: false });
  return answerFrom(response, response.message.content);
}

async function streamChat(
  client: Ollama,
  body: ChatRequest,
  context: AttemptContext,
  onText: (delta: string) => void,
): Promise<ProviderAnswer> {
  const stream = await client.chat({ ...body, stream: true });
  let text = "";
  let final: ChatResponse | undefined;
  for await (const chunk of stream) {
    const delta = chunk.message?.content;
    if (delta) {
      text += delta;
      context.commit();
      onText(delta);
    }
    if (chunk.done) final = chunk;
  }
  if (!final) throw new Error("Ollama's stream ended without its final chunk");
  return answerFrom(final, text);
}

function answerFrom(response: ChatResponse, text: string): ProviderAnswer {
  return {
    text,
    model: response.model,
    inputTokens: response.prompt_eval_count,
    outputTokens: response.eval_count,
    truncated: response.done_reason === "length",
  };
}

function ollamaErrorToProviderError(
  error: unknown,
  last: LastResponse | undefined,
  context: FailureContext,
): ProviderError {
  if (error instanceof ProviderError) return error;
  const responseError = error as { name?: unknown; status_code?: unknown; error?: unknown };
  if (responseError?.name === "ResponseError" && typeof responseError.status_code === "number") {
    const status = responseError.status_code;
    const mapped = httpFailureToProviderError(
      {
        status,
        headers: last?.headers,
        body: responseError.error,
        requestId: undefined,
        // The retry loop reads `retry-after` from the cause's headers.
        cause: Object.assign(error as Error, { headers: last?.headers }),
      },
      context,
    );
    if (status !== 404) return mapped;
    return new ProviderError(`${mapped.message} - pull it with \`ollama pull ${context.model}\``, {
      provider: "ollama",
      status,
      retryable: false,
      cause: error,
    });
  }
  if (error instanceof TypeError) {
    const network = describeNetworkFailure(error);
    const advice = network.retryable
      ? ""
      : " - start it with `ollama serve`, or point OLLAMA_HOST at a running server";
    return new ProviderError(
      context.redact(
        `Could not reach Ollama at ${context.baseUrl}: ${network.description}${advice}`,
      ),
      { provider: "ollama", retryable: network.retryable, cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(context.redact(`Ollama call failed: ${message}`), {
    provider: "ollama",
    // A stream cut short before its final chunk is a transport fault worth another try.
    retryable: /without its final chunk|Did not receive done/.test(message),
    cause: error,
  });
}
