import { type Executor, executionSucceeded } from "@codeforge/core";
import type { BenchmarkProblem, Dataset } from "../datasets/benchmark-problem.js";
import { buildCheckParts } from "./build-program.js";
import { buildCheckRun, createPassMarker } from "./check-run.js";
import { type EvalSample, matchSamples } from "./eval-sample.js";
import { buildHumanEvalPlusExpectedProgram } from "./human-eval-plus-harness.js";
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
  const expected = expectedOutputsCache(matched, options, executor);
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < matched.length) {
      signal?.throwIfAborted();
      const index = next++;
      const entry = matched[index];
      if (entry === undefined) continue;
      const outputs = await expected(entry.problem);
      const evaluation = await evaluateOne(entry, index, options, executor, outputs);
      results[index] = evaluation;
      onResult?.(evaluation, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, matched.length) }, worker));
  return results;
}

/**
 * HumanEval+ computes the canonical outputs inside each check program. A task with several
 * samples gets them computed once instead, by one sandbox run per task, shared by its
 * samples; when that run fails or its output was cut, each program computes them itself.
 */
function expectedOutputsCache(
  matched: readonly { problem: BenchmarkProblem }[],
  options: EvaluateSamplesOptions,
  executor: Executor,
): (problem: BenchmarkProblem) => Promise<string | undefined> {
  const counts = new Map<string, number>();
  for (const { problem } of matched) counts.set(problem.id, (counts.get(problem.id) ?? 0) + 1);
  const cache = new Map<string, Promise<string | undefined>>();
  return (problem) => {
    if (problem.dataset !== "humaneval-plus" || (counts.get(problem.id) ?? 0) < 2) {
      return Promise.resolve(undefined);
    }
    let outputs = cache.get(problem.id);
    if (outputs === undefined) {
      const timeoutSeconds = options.timeoutSeconds ?? defaultTimeoutSeconds(problem);
      outputs = executor
        .run({
          language: "python",
          code: buildHumanEvalPlusExpectedProgram(problem),
          timeoutMs: Math.round(timeoutSeconds * 1000),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        })
        .then((run) =>
          executionSucceeded(run) && !run.truncated && run.stdout.trim() !== ""
            ? run.stdout.trim()
            : undefined,
        );
      cache.set(problem.id, outputs);
    }
    return outputs;
  };
}

async function evaluateOne(
  { problem, sample }: { problem: BenchmarkProblem; sample: EvalSample },
  index: number,
  options: EvaluateSamplesOptions,
  executor: Executor,
  expectedOutputs: string | undefined,
): Promise<SampleEvaluation> {
  const timeoutSeconds = options.timeoutSeconds ?? defaultTimeoutSeconds(problem);
  // A fresh marker per run: no sample can learn one from another's output.
  const passMarker = createPassMarker();
  const run = await executor.run({
    language: "python",
    ...buildCheckRun(buildCheckParts(problem, sample, expectedOutputs), passMarker),
    timeoutMs: Math.round(timeoutSeconds * 1000),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const judged = judgeRun(run, { timeoutSeconds, passMarker });
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
