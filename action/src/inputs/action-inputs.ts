import { type BenchmarkShard, parseShard } from "@codeforge/benchmarks";
import { PROVIDER_NAMES, REPLAY_MODES } from "@codeforge/core";
import { z } from "zod";
import { ActionInputError, type ActionInputIssue } from "./action-input-error.js";

/** What the Action does: a repository task on the checked-out workspace, or a benchmark run. */
export const ACTION_MODES = ["task", "benchmark"] as const;

/** The benchmarks `benchmark:` accepts; `all` runs HumanEval, MBPP and custom in turn. */
export const ACTION_BENCHMARKS = ["humaneval", "humaneval-plus", "mbpp", "custom", "all"] as const;

/** The inputs whose values are secrets: registered with the runner before anything is logged. */
export const SECRET_INPUTS = ["github-token", "openai-api-key", "anthropic-api-key"] as const;

/** Every input of `action.yml`, by its kebab-case name. */
export const ACTION_INPUT_NAMES = [
  "mode",
  "prompt",
  "issue-number",
  "trigger-phrase",
  "github-token",
  "openai-api-key",
  "anthropic-api-key",
  "ollama-host",
  "provider",
  "model",
  "max-retries",
  "budget-usd",
  "benchmark",
  "limit",
  "shard",
  "concurrency",
  "no-repair",
  "open-pr",
  "fail-on-task-failure",
  "results-dir",
  "replay-cassette",
  "replay-mode",
] as const;

/** One of {@link ACTION_INPUT_NAMES}. */
export type ActionInputName = (typeof ACTION_INPUT_NAMES)[number];

/** Reads one input as the runner passes it (`INPUT_<NAME>`); "" when it is not set. */
export type ReadInput = (name: ActionInputName) => string;

/** An empty input is an absent one: the runner passes "" for every input not given. */
const optionalText = () =>
  z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().optional());

const whole = (min: number, max: number) => {
  const message = `must be a whole number between ${min} and ${max}`;
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .trim()
      .regex(/^\d+$/, message)
      .transform(Number)
      .pipe(z.number().int().min(min, message).max(max, message))
      .optional(),
  );
};

const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .enum(["true", "True", "TRUE", "false", "False", "FALSE"], {
        message: "must be true or false",
      })
      .optional()
      .transform((value) => (value === undefined ? fallback : value.toLowerCase() === "true")),
  );

const choice = <const Values extends readonly [string, ...string[]]>(
  values: Values,
  fallback: Values[number],
) =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(values, { message: `must be one of ${values.join(", ")}` }).default(fallback),
  );

const url = () =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.url({ message: "must be a URL such as http://127.0.0.1:11434" }).optional(),
  );

/** The raw inputs, by kebab-case name, parsed into typed values with defaults. */
export const ActionInputsSchema = z
  .strictObject({
    mode: choice(ACTION_MODES, "task"),
    prompt: optionalText(),
    "issue-number": whole(1, Number.MAX_SAFE_INTEGER),
    "trigger-phrase": optionalText().transform((value) => value ?? "/codeforge"),
    "github-token": optionalText(),
    "openai-api-key": optionalText(),
    "anthropic-api-key": optionalText(),
    "ollama-host": url(),
    provider: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(PROVIDER_NAMES, { message: `must be one of ${PROVIDER_NAMES.join(", ")}` }).optional(),
    ),
    model: optionalText(),
    "max-retries": whole(0, 10),
    "budget-usd": z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .trim()
        .transform(Number)
        .pipe(
          z
            .number({ message: "must be an amount in USD above 0, such as 0.50" })
            .positive("must be an amount in USD above 0, such as 0.50"),
        )
        .optional(),
    ),
    benchmark: choice(ACTION_BENCHMARKS, "humaneval"),
    limit: whole(1, 100_000),
    shard: optionalText().transform((value, context): BenchmarkShard | undefined => {
      if (value === undefined) return undefined;
      try {
        return parseShard(value);
      } catch {
        context.addIssue({
          code: "custom",
          message: `must be i/n with whole numbers 1 ≤ i ≤ n (for example 1/4), not "${value}"`,
        });
        return z.NEVER;
      }
    }),
    concurrency: whole(1, 64),
    "no-repair": flag(false),
    "open-pr": flag(true),
    "fail-on-task-failure": flag(false),
    "results-dir": optionalText().transform((value) => value ?? "codeforge-results"),
    "replay-cassette": optionalText(),
    "replay-mode": choice(REPLAY_MODES, "replay"),
  })
  .superRefine((inputs, context) => {
    if (inputs["replay-cassette"] !== undefined && inputs.model === undefined) {
      context.addIssue({
        code: "custom",
        path: ["replay-cassette"],
        message: "needs the model input: a cassette is keyed by the model it was recorded with",
      });
    }
    if (
      inputs.model !== undefined &&
      !inputs.model.includes("/") &&
      inputs.provider === undefined
    ) {
      context.addIssue({
        code: "custom",
        path: ["model"],
        message: `needs a provider: write openai/${inputs.model}, or set the provider input`,
      });
    }
  });

/** Every input, typed, with its default. */
export type ActionInputs = z.output<typeof ActionInputsSchema>;

/**
 * Reads every input once and parses them into one typed object. Throws one
 * {@link ActionInputError} naming every invalid input, so a workflow is fixed in one go.
 *
 * @example
 * const inputs = parseActionInputs((name) => core.getInput(name));
 * inputs.mode === "benchmark" && inputs.shard?.count;
 */
export function parseActionInputs(read: ReadInput): ActionInputs {
  const raw = Object.fromEntries(ACTION_INPUT_NAMES.map((name) => [name, read(name)]));
  const parsed = ActionInputsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues: ActionInputIssue[] = parsed.error.issues.map((issue) => ({
    input: String(issue.path[0] ?? "inputs"),
    message: issue.message,
  }));
  throw new ActionInputError(issues);
}
