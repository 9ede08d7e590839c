import type { Executor } from "@codeforge/core";
import type { BenchmarkProblem, Dataset } from "../datasets/benchmark-problem.js";
import { buildCheckProgram } from "./build-program.js";
import { type EvalSample, matchSamples } from "./eval-sample.js";
import { type JudgedRun, judgeRun } from "./sample-verdict.js";

/** Seconds a check program may run, by dataset, when the caller sets no timeout. */
export const DEFAULT_EVAL_TIMEOUT_SECONDS = {
  humaneval: 20,
  "humaneval-plus": 120,
  mbpp: 20,
  "mbpp-sanitized": 20,
} as const;

/** What to evaluate, and with what. */
export interface EvaluateSamplesOptions {
  dataset: Dataset;
  samples: readonly EvalSample[];
  /** Runs each check program. Evaluation relies on its isolation, never on a static guard. */
  executor: Executor;
  /** Programs in flight at once; defaults to 1. */
  concurrency?: number;
  /**
   * Time budget per program in seconds. Defaults per dataset
   * ({@link DEFAULT_EVAL_TIMEOUT_SECONDS}); custom tasks default to their own `timeout_seconds`.
   */
  timeoutSeconds?: number;
  /** Stops starting new programs; those running are aborted. */
  signal?: AbortSignal;
  /** Called as each sample is judged (in completion order), for progress. */
  onResult?: (evaluation: SampleEvaluation, index: number) => void;
}

/** The verdict on one sample. */
export interface SampleEvaluation extends JudgedRun {
  /** The sample's position in the input. */
  index: number;
  sample: EvalSample;
  /** The problem's key, e.g. `HumanEval/0` or `11`. */
  problemId: string;
  passed: boolean;
  durationMs: number;
}

/**
 * Runs each sample against its problem's hidden tests and returns the verdicts in input
 * order. Unknown task ids are a `UsageError` before anything runs; a sandbox fault
 * (`SandboxError`) stops the evaluation and propagates.
 *
 * @example
 * const results = await evaluateSamples({ dataset, samples, executor: pool, concurrency: 4 });
 * results.filter((result) => result.passed).length;
 */
export async function evaluateSamples(
  options: EvaluateSamplesOptions,
): Promise<SampleEvaluation[]> {
  const { dataset, executor, signal, onResult } = options;
  const matched = matchSamples(dataset.name, dataset.problems, options.samples);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const results: SampleEvaluation[] = new Array(matched.length);
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < matched.length) {
      signal?.throwIfAborted();
      const index = next++;
      const entry = matched[index];
      if (entry === undefined) continue;
      const evaluation = await evaluateOne(entry.problem, entry.sample, index, options, executor);
      results[index] = evaluation;
      onResult?.(evaluation, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, matched.length) }, worker));
  return results;
}

async function evaluateOne(
  problem: BenchmarkProblem,
  sample: EvalSample,
  index: number,
  options: EvaluateSamplesOptions,
  executor: Executor,
): Promise<SampleEvaluation> {
  const timeoutSeconds = options.timeoutSeconds ?? defaultTimeoutSeconds(problem);
  const run = await executor.run({
    language: "python",
    code: buildCheckProgram(problem, sample),
    timeoutMs: Math.round(timeoutSeconds * 1000),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const judged = judgeRun(run, timeoutSeconds);
  return {
    index,
    sample,
    problemId: problem.id,
    passed: judged.verdict === "passed",
    durationMs: run.durationMs,
    ...judged,
  };
}

function defaultTimeoutSeconds(problem: BenchmarkProblem): number {
  return problem.dataset === "custom"
    ? problem.timeoutSeconds
    : DEFAULT_EVAL_TIMEOUT_SECONDS[problem.dataset];
}
