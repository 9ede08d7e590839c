import { countTokens } from "gpt-tokenizer";
import type { GenerateRequest, GenerateResult, LanguageModel } from "../llm/index.js";
import { parseModelOutputOrThrow } from "../llm/structured/index.js";
import { toJsonSchema } from "../llm/structured/json-schema.js";

/** What a scripted reply may be: raw text, an object (sent as JSON), or computed from the request. */
export type ScriptedReply =
  | string
  | { readonly text: string }
  | { readonly object: unknown }
  | { readonly error: Error }
  | ((request: GenerateRequest<unknown>, index: number) => string | { object: unknown });

/** Options of {@link createScriptedModel}. */
export interface ScriptedModelOptions {
  /** `provider/model`; defaults to `scripted/model`. */
  id?: string;
  /** Latency reported for every call. Defaults to 0. */
  latencyMs?: number;
}

/** A request the scripted model was asked, with the tokens counted for it. */
export interface ScriptedRequest {
  readonly request: GenerateRequest<unknown>;
  /** The system prompt and every message, joined: what a test searches for leaked strings. */
  readonly prompt: string;
  /**
   * Tokens of the system prompt, the messages and, when the request has a schema, the
   * serialized JSON Schema sent with it (as OpenAI's `response_format` carries it).
   */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly reply: string;
}

/** A {@link LanguageModel} that plays a script and records what it was asked. */
export interface ScriptedModel extends LanguageModel {
  /** Every request in the order it arrived. */
  readonly requests: readonly ScriptedRequest[];
  /** Replies not yet played. */
  remaining(): number;
}

/** Every text a request carries, joined: the system prompt and each message. */
export function requestText(request: GenerateRequest<unknown>): string {
  return [request.system ?? "", ...request.messages.map((message) => message.content)].join("\n");
}

/**
 * Tokens of the JSON Schema a structured request sends with every call (0 without one),
 * serialized as the providers send it.
 */
export function schemaTokens(request: GenerateRequest<unknown>): number {
  return request.schema ? countTokens(JSON.stringify(toJsonSchema(request.schema))) : 0;
}

/**
 * A language model for tests and demos that answers from a script, in order, and records
 * every request. Usage is counted with gpt-tokenizer (o200k), the schema of a structured
 * request included, so token budgets and
 * cost accounting behave like with a real provider. When a request has a schema the reply
 * is parsed as JSON and validated; invalid output throws `ModelOutputError`, as a provider does.
 *
 * @example
 * const model = createScriptedModel([{ object: { code: "print(1)" } }, "plain text"]);
 */
export function createScriptedModel(
  replies: readonly ScriptedReply[],
  options: ScriptedModelOptions = {},
): ScriptedModel {
  const id = options.id ?? "scripted/model";
  const slash = id.indexOf("/");
  const provider = slash > 0 ? id.slice(0, slash) : "scripted";
  const modelName = slash > 0 ? id.slice(slash + 1) : id;
  const requests: ScriptedRequest[] = [];
  let next = 0;

  async function generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
    request.signal?.throwIfAborted();
    const index = next;
    const reply = replies[index];
    if (reply === undefined) {
      throw new Error(
        `The scripted model ran out of replies after ${replies.length}: add a reply for request ${index + 1}.`,
      );
    }
    next += 1;
    const asked = request as GenerateRequest<unknown>;
    const prompt = requestText(asked);
    const inputTokens = countTokens(prompt) + schemaTokens(asked);
    if (typeof reply === "object" && "error" in reply) {
      requests.push({ request: asked, prompt, inputTokens, outputTokens: 0, reply: "" });
      throw reply.error;
    }
    const played = typeof reply === "function" ? reply(asked, index) : reply;
    const text =
      typeof played === "string"
        ? played
        : "text" in played
          ? played.text
          : JSON.stringify(played.object);
    const outputTokens = countTokens(text);
    requests.push({ request: asked, prompt, inputTokens, outputTokens, reply: text });
    request.onText?.(text);
    const result: GenerateResult<T> = {
      text,
      usage: { inputTokens, outputTokens, estimated: false },
      latencyMs: options.latencyMs ?? 0,
      model: modelName,
    };
    // Parsed as a provider parses: code fences stripped, zod issues in the error, usage kept.
    if (request.schema) {
      result.object = parseModelOutputOrThrow(text, request.schema, {
        provider,
        model: modelName,
        usage: result.usage,
      });
    }
    return result;
  }

  return {
    id,
    provider,
    model: modelName,
    generate,
    get requests() {
      return requests;
    },
    remaining: () => replies.length - next,
  };
}
