import type { z } from "zod";
import { generateObject, type LanguageModel, type ObjectCall } from "../llm/index.js";

/** The agents that call a model. */
export const AGENT_NAMES = ["classifier", "planner", "coder", "reviewer"] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/** One call to a model, as the pipeline records it in a trace. */
export interface ModelCall {
  /** The system prompt and messages sent, as text. */
  input: string;
  /** The model's raw reply. */
  output: string;
  inputTokens: number;
  outputTokens: number;
  /** True when a count was estimated locally. */
  estimated: boolean;
  latencyMs: number;
  /** Wall time of the call as the caller's clock measured it. */
  durationMs: number;
  /** The model that answered. */
  model: string;
}

/** What a structured call produced: the valid value and every call it took (one, or two after a re-ask). */
export interface StructuredCallResult<T> {
  value: T;
  calls: ModelCall[];
}

/** Options of {@link callStructured}. */
export interface StructuredCallOptions<T> {
  model: LanguageModel;
  schema: z.ZodType<T>;
  schemaName: string;
  system: string;
  user: string;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Checks the schema cannot express; returns problems (empty when the value is fine). */
  validate?: (value: T) => Promise<readonly string[]> | readonly string[];
  /** Called after each model call, so the caller can stop on a budget between calls. */
  onCall?: (call: ModelCall) => void | Promise<void>;
  /** The clock durations are measured with; defaults to `Date.now`. */
  now?: () => number;
}

/**
 * Asks a model for a JSON object of a schema and validates it, with exactly one corrective
 * re-ask: a thin wrapper over the LLM layer's `generateObject` (one re-ask, one wording), which
 * turns the agent's prompt into a request and each model call into a {@link ModelCall} for the
 * pipeline's traces and budgets. When the reply does not match the schema or fails `validate`,
 * the model gets its reply back with the problems listed and answers once more; a second
 * invalid reply throws `ModelOutputError` carrying the output, the issues and the usage.
 */
export async function callStructured<T>(
  options: StructuredCallOptions<T>,
): Promise<StructuredCallResult<T>> {
  const { onCall } = options;
  const result = await generateObject(options.model, options.schema, {
    system: options.system,
    messages: [{ role: "user", content: options.user }],
    schemaName: options.schemaName,
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.validate ? { validate: options.validate } : {}),
    ...(onCall ? { onCall: (call: ObjectCall) => onCall(toModelCall(call)) } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { value: result.object, calls: result.calls.map(toModelCall) };
}

/** A call of `generateObject` as the pipeline traces it. */
function toModelCall(call: ObjectCall): ModelCall {
  return {
    input: [call.system ?? "", ...call.messages.map((message) => message.content)].join("\n"),
    output: call.text,
    inputTokens: call.usage.inputTokens,
    outputTokens: call.usage.outputTokens,
    estimated: call.usage.estimated,
    latencyMs: call.latencyMs,
    durationMs: call.durationMs,
    model: call.model,
  };
}

/** The optional call settings an agent passes through unchanged. */
export function callSettings(options: {
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onCall?: (call: ModelCall) => void | Promise<void>;
  now?: () => number;
}) {
  return {
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
}
