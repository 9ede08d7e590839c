import type { z } from "zod";
import { ModelOutputError } from "../errors/index.js";
import type { ChatMessage, GenerateRequest, LanguageModel } from "../llm/index.js";

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
  validate?: (value: T) => Promise<string[]> | string[];
  /** Called after each model call, so the caller can stop on a budget between calls. */
  onCall?: (call: ModelCall) => void | Promise<void>;
  /** The clock durations are measured with; defaults to `Date.now`. */
  now?: () => number;
}

/**
 * Asks a model for a JSON object of a schema and validates it, with exactly one corrective
 * re-ask: when the reply is not JSON, does not match the schema, or fails `validate`, the
 * model gets its reply back with the problems listed and answers once more. A second
 * invalid reply throws `ModelOutputError` carrying the output and the issues.
 */
export async function callStructured<T>(
  options: StructuredCallOptions<T>,
): Promise<StructuredCallResult<T>> {
  const calls: ModelCall[] = [];
  const messages: ChatMessage[] = [{ role: "user", content: options.user }];
  let problems: string[] = [];
  let output = "";
  for (let round = 0; round < 2; round += 1) {
    const request: GenerateRequest<T> = {
      system: options.system,
      messages: [...messages],
      schema: options.schema,
      schemaName: options.schemaName,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const input = [options.system, ...messages.map((message) => message.content)].join("\n");
    const now = options.now ?? Date.now;
    const started = now();
    let value: T | undefined;
    try {
      const result = await options.model.generate(request);
      output = result.text;
      const call: ModelCall = {
        input,
        output,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        estimated: result.usage.estimated,
        latencyMs: result.latencyMs,
        durationMs: now() - started,
        model: result.model,
      };
      calls.push(call);
      await options.onCall?.(call);
      const parsed =
        result.object !== undefined
          ? checkValue(options.schema, result.object)
          : parseReply(options.schema, result.text);
      if (parsed.success) {
        value = parsed.data;
        problems = options.validate ? await options.validate(value) : [];
      } else {
        problems = parsed.problems;
      }
    } catch (error) {
      if (!(error instanceof ModelOutputError)) throw error;
      output = error.output;
      // The provider rejected the reply itself; the call still cost what it consumed.
      const call: ModelCall = {
        input,
        output,
        inputTokens: error.usage?.inputTokens ?? 0,
        outputTokens: error.usage?.outputTokens ?? 0,
        estimated: error.usage?.estimated ?? true,
        latencyMs: now() - started,
        durationMs: now() - started,
        model: options.model.model,
      };
      calls.push(call);
      await options.onCall?.(call);
      problems = error.issues.map((issue) =>
        issue.path ? `${issue.path}: ${issue.message}` : issue.message,
      );
    }
    if (value !== undefined && problems.length === 0) return { value, calls };
    messages.push(
      { role: "assistant", content: output },
      {
        role: "user",
        content: `That reply was invalid:\n${problems.map((problem) => `- ${problem}`).join("\n")}\nReply again with the corrected JSON only.`,
      },
    );
  }
  throw new ModelOutputError(
    `The ${options.schemaName} reply was still invalid after one corrective re-ask: ${problems.join("; ")}`,
    { output, issues: problems.map((message) => ({ path: "", message })) },
  );
}

type ParseOutcome<T> = { success: true; data: T } | { success: false; problems: string[] };

/** Parses a reply as JSON (tolerating a Markdown fence around it) and validates it. */
export function parseReply<T>(schema: z.ZodType<T>, text: string): ParseOutcome<T> {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return {
      success: false,
      problems: [`not valid JSON (${error instanceof Error ? error.message : String(error)})`],
    };
  }
  return checkValue(schema, value);
}

function checkValue<T>(schema: z.ZodType<T>, value: unknown): ParseOutcome<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { success: true, data: parsed.data };
  return {
    success: false,
    problems: parsed.error.issues.map(
      (issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`,
    ),
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
