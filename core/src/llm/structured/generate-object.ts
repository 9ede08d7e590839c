import type { z } from "zod";
import { ModelOutputError, type ModelOutputIssue } from "../../errors/index.js";
import type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  Usage,
} from "../language-model.js";
import { estimateUsage } from "../providers/estimate-usage.js";
import { summarizeIssues } from "./parse-model-output.js";

/** One model call {@link generateObject} made: the first answer, or the re-ask's. */
export interface ObjectCall {
  /** The system prompt and messages sent (the re-ask's include the rejected answer). */
  readonly system: string | undefined;
  readonly messages: readonly ChatMessage[];
  /** The raw text the model answered. */
  readonly text: string;
  /**
   * What the call consumed. A rejected answer whose provider reported no usage is counted
   * locally (`estimated: true`): it still cost tokens.
   */
  readonly usage: Usage;
  /** The provider's latency; for a rejected answer, the wall time of the call. */
  readonly latencyMs: number;
  /** Wall time of the call on the caller's clock. */
  readonly durationMs: number;
  /** The model that answered (the requested model when the answer was rejected). */
  readonly model: string;
  /**
   * Why the output did not match the schema (the model rejected it with `ModelOutputError`);
   * empty when it matched. Problems `validate` finds are not here: it runs after `onCall`.
   */
  readonly issues: readonly ModelOutputIssue[];
}

/** The request of {@link generateObject}: a {@link GenerateRequest} without the schema, plus hooks. */
export interface GenerateObjectRequest<T> extends Omit<GenerateRequest<T>, "schema"> {
  /**
   * Checks the schema cannot express (plan rules, imports, syntax). Problems it returns get
   * the same corrective re-ask as schema issues; an empty list accepts the value.
   */
  validate?: (value: T) => Promise<readonly string[]> | readonly string[];
  /**
   * Called after each model call, before the answer is judged, so the caller can record the
   * call and stop between calls (throwing here ends `generateObject` with that error).
   */
  onCall?: (call: ObjectCall) => void | Promise<void>;
  /** The clock call durations are measured with, in ms; defaults to `Date.now`. */
  now?: () => number;
}

/**
 * A {@link GenerateResult} whose object is always there, with `usage` summed over every call
 * and `calls` listing each one (two after a re-ask).
 */
export type ObjectResult<T> = GenerateResult<T> & { object: T; calls: ObjectCall[] };

/**
 * Asks a model for a JSON object of `schema` (each provider uses its native JSON/schema mode),
 * validates it with zod and then with `validate`, and when either finds a problem, re-asks
 * once: the invalid output goes back as the assistant's turn followed by the problems. A second
 * invalid answer throws {@link ModelOutputError} with that output, its issues and the usage of
 * both calls. Errors other than invalid output (a `ProviderError` after the retries, an abort,
 * an error thrown by `onCall` or `validate`) pass through untouched.
 *
 * @example
 * const { object, calls } = await generateObject(model, PlanSchema, {
 *   system: "You plan programming tasks.",
 *   messages: [{ role: "user", content: task }],
 *   schemaName: "plan",
 *   validate: validatePlan,
 *   onCall: (call) => budget.charge(call.usage),
 * });
 */
export async function generateObject<T>(
  model: LanguageModel,
  schema: z.ZodType<T>,
  request: GenerateObjectRequest<T>,
): Promise<ObjectResult<T>> {
  const { validate, onCall, now = Date.now, ...rest } = request;
  const calls: ObjectCall[] = [];
  const ask = async (messages: readonly ChatMessage[]): Promise<Judged<T>> => {
    const attempt = await callOnce(model, { ...rest, messages, schema }, now);
    calls.push(attempt.call);
    await onCall?.(attempt.call);
    if (!attempt.result) return { ...attempt, issues: attempt.call.issues };
    const problems = validate ? await validate(attempt.result.object) : [];
    return { ...attempt, issues: problems.map((message) => ({ path: "", message })) };
  };

  const first = await ask(request.messages);
  if (first.result && first.issues.length === 0) return resultOf(first.result, calls);

  const retry = await ask([
    ...request.messages,
    { role: "assistant", content: first.call.text },
    { role: "user", content: correctionPrompt(first.issues) },
  ]);
  if (retry.result && retry.issues.length === 0) return resultOf(retry.result, calls);

  throw new ModelOutputError(
    `${model.id} returned invalid output twice, also after a corrective re-ask: ${summarizeIssues(retry.issues)}`,
    {
      output: retry.call.text,
      issues: retry.issues,
      usage: sumUsage(calls),
      ...(retry.error ? { cause: retry.error } : {}),
    },
  );
}

/** One call's outcome: the provider's result, or the error rejecting its output. */
interface Attempt<T> {
  call: ObjectCall;
  result?: GenerateResult<T> & { object: T };
  error?: ModelOutputError;
}

/** An attempt with every problem found in it: schema issues or `validate`'s problems. */
type Judged<T> = Attempt<T> & { issues: readonly ModelOutputIssue[] };

async function callOnce<T>(
  model: LanguageModel,
  request: GenerateRequest<T>,
  now: () => number,
): Promise<Attempt<T>> {
  const sent = { system: request.system, messages: request.messages };
  const started = now();
  try {
    const result = await model.generate(request);
    if (result.object === undefined) {
      // A model that ignores `schema` is a programming error, not a bad answer.
      throw new TypeError(`${model.id} returned no object for a request with a schema`);
    }
    const call: ObjectCall = {
      ...sent,
      text: result.text,
      usage: result.usage,
      latencyMs: result.latencyMs,
      durationMs: now() - started,
      model: result.model,
      issues: [],
    };
    return { call, result: result as GenerateResult<T> & { object: T } };
  } catch (error) {
    if (!(error instanceof ModelOutputError)) throw error;
    const durationMs = now() - started;
    // The rejected answer still cost tokens; count them locally when the provider did not say.
    const usage = error.usage ?? (await estimateUsage(request, error.output));
    const call: ObjectCall = {
      ...sent,
      text: error.output,
      usage,
      latencyMs: durationMs,
      durationMs,
      model: model.model,
      issues: error.issues,
    };
    return { call, error };
  }
}

/** The accepted call's result with the usage of every call and the list of calls. */
function resultOf<T>(
  result: GenerateResult<T> & { object: T },
  calls: ObjectCall[],
): ObjectResult<T> {
  return { ...result, usage: sumUsage(calls), calls };
}

/** The usage of all calls together; estimated when any count was. */
function sumUsage(calls: readonly ObjectCall[]): Usage {
  return calls.reduce<Usage>(
    (sum, call) => ({
      inputTokens: sum.inputTokens + call.usage.inputTokens,
      outputTokens: sum.outputTokens + call.usage.outputTokens,
      estimated: sum.estimated || call.usage.estimated,
    }),
    { inputTokens: 0, outputTokens: 0, estimated: false },
  );
}

/**
 * The one corrective re-ask wording, for schema issues and `validate`'s problems alike
 * (a problem of the whole answer is listed under `(root)`).
 */
function correctionPrompt(issues: readonly ModelOutputIssue[]): string {
  const lines = issues
    .map((issue) => `- ${issue.path === "" ? "(root)" : issue.path}: ${issue.message}`)
    .join("\n");
  return [
    "Your previous answer was not valid for the requested JSON schema:",
    lines,
    "Answer again with only the corrected JSON, no explanation and no code fence.",
  ].join("\n");
}
