import type {
  BenchmarkRepository,
  BenchmarkRunDetail,
  Executor,
  NewBenchmarkResult,
  NewBenchmarkRun,
  PipelineTask,
  StopReason,
  TaskResult,
} from "@codeforge/core";
import { UsageError } from "@codeforge/core";
import type { BenchmarkProblem, Dataset } from "../datasets/benchmark-problem.js";
import { evaluateSamples, type SampleEvaluation } from "../eval/evaluate-samples.js";
import { buildBenchmarkPrompt } from "./benchmark-prompt.js";

/** What a benchmark run works with, injected. */
export interface BenchmarkRunnerDeps {
  /**
   * Runs the self-repair pipeline on one task (`runTask` with its dependencies bound). It
   * receives only the prompt: hidden tests never reach the agent.
   */
  solve(task: PipelineTask, signal: AbortSignal): Promise<TaskResult>;
  /** Runs the hidden tests; evaluation relies on its isolation, never on a static guard. */
  evaluator: Executor;
  store: BenchmarkRepository;
  /**
   * True when `solve` records each task in the same store (runTask with a store), so a
   * result can point at its task; otherwise results carry no task id.
   */
  linkTasks?: boolean;
  /** Stops starting problems; problems in flight are cancelled and left for `--resume`. */
  signal?: AbortSignal;
  /** Called after each problem is saved. */
  onProgress?(progress: BenchmarkProgress): void;
  /** Milliseconds, for the run's wall time; defaults to `performance.now`. */
  now?(): number;
}

/** A new run's record, or the id of an interrupted run to finish. */
export type BenchmarkRunTarget = { create: NewBenchmarkRun } | { resume: string };

/** What to run. */
export interface RunBenchmarkOptions {
  dataset: Dataset;
  /** The problems to attempt (see `selectProblems`); on resume, finished ones are skipped. */
  problems: readonly BenchmarkProblem[];
  run: BenchmarkRunTarget;
  /** Problems in flight at once; defaults to 1. */
  concurrency?: number;
  /** Stop starting problems once the run's cost reaches this many USD. */
  budgetUsd?: number;
  /** Time budget per hidden-test program; defaults per dataset. */
  evalTimeoutSeconds?: number;
}

/** The running totals after a problem finished. */
export interface BenchmarkProgress {
  problemId: string;
  result: NewBenchmarkResult;
  done: number;
  total: number;
  passed: number;
  passedAfterRepair: number;
  costUsd: number;
}

/** Why a benchmark run stopped before every problem finished: core's stop reasons. */
export type BenchmarkStopReason = Extract<StopReason, "budget_exceeded" | "cancelled">;

/** How a run ended: the stored run with its results, and why it stopped early, if it did. */
export interface BenchmarkOutcome {
  run: BenchmarkRunDetail;
  /** `budget_exceeded`, `cancelled`, or null when every problem finished. */
  stopReason: BenchmarkStopReason | null;
  /** Problems skipped because an earlier (resumed) run had finished them. */
  resumedFrom: number;
}

/**
 * Runs the agent on each problem, then evaluates against the hidden tests both the first
 * attempt's program (pass@1) and the final program after repair (pass@1 after repair), and
 * stores every result as it finishes, so an interrupted run is consistent and resumable.
 *
 * @example
 * const outcome = await runBenchmark({ solve, evaluator, store: store.benchmarks },
 *   { dataset, problems: selectProblems(dataset, { limit: 20 }), run: { create: metadata } });
 */
export async function runBenchmark(
  deps: BenchmarkRunnerDeps,
  options: RunBenchmarkOptions,
): Promise<BenchmarkOutcome> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const { runId, spentBefore, finished, passedBefore } = await openRun(deps.store, options.run);
  const pending = options.problems.filter((problem) => !finished.has(problem.id));
  const total = options.problems.length;
  const controller = new AbortController();
  const onAbort = () => controller.abort(deps.signal?.reason);
  deps.signal?.addEventListener("abort", onAbort, { once: true });
  if (deps.signal?.aborted) controller.abort(deps.signal.reason);

  const tally = {
    done: total - pending.length,
    passed: passedBefore.passed,
    passedAfterRepair: passedBefore.passedAfterRepair,
    costUsd: spentBefore,
  };
  let stopReason: BenchmarkStopReason | null = null;
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < pending.length && stopReason === null) {
      if (controller.signal.aborted) {
        stopReason = "cancelled";
        return;
      }
      if (options.budgetUsd !== undefined && tally.costUsd >= options.budgetUsd) {
        stopReason = "budget_exceeded";
        return;
      }
      const problem = pending[next++];
      if (problem === undefined) return;
      const result = await solveAndEvaluate(deps, options, problem, controller.signal);
      if (result === undefined) {
        stopReason = "cancelled";
        return;
      }
      await deps.store.saveResult(runId, result);
      tally.done += 1;
      tally.costUsd += result.costUsd ?? 0;
      if (result.passed) tally.passed += 1;
      if (result.passedAfterRepair) tally.passedAfterRepair += 1;
      deps.onProgress?.({ problemId: problem.id, result, total, ...tally });
    }
  };

  try {
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  } catch (error) {
    await deps.store.finishRun(runId, {
      status: "interrupted",
      stopReason: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    deps.signal?.removeEventListener("abort", onAbort);
  }
  const ended = await deps.store.finishRun(runId, {
    status: stopReason === null ? "completed" : "interrupted",
    stopReason,
    totalTimeMs: Math.round(now() - started),
  });
  const run = await deps.store.getRun(ended.id);
  if (run === undefined) throw new Error(`benchmark run ${ended.id} vanished from the store`);
  return { run, stopReason, resumedFrom: finished.size };
}

async function openRun(
  store: BenchmarkRepository,
  target: BenchmarkRunTarget,
): Promise<{
  runId: string;
  spentBefore: number;
  finished: Set<string>;
  passedBefore: { passed: number; passedAfterRepair: number };
}> {
  if ("create" in target) {
    const run = await store.createRun(target.create);
    return {
      runId: run.id,
      spentBefore: 0,
      finished: new Set(),
      passedBefore: { passed: 0, passedAfterRepair: 0 },
    };
  }
  const run = await store.getRun(target.resume);
  if (run === undefined) {
    throw new UsageError(`There is no benchmark run ${target.resume} to resume: check the id.`);
  }
  if (run.status === "completed") {
    throw new UsageError(`Benchmark run ${run.id} is already complete: nothing to resume.`);
  }
  return {
    runId: run.id,
    spentBefore: run.totalCostUsd,
    finished: new Set(run.results.map((result) => result.problemId)),
    passedBefore: {
      passed: run.results.filter((result) => result.passed).length,
      passedAfterRepair: run.results.filter((result) => result.passedAfterRepair).length,
    },
  };
}

async function solveAndEvaluate(
  deps: BenchmarkRunnerDeps,
  options: RunBenchmarkOptions,
  problem: BenchmarkProblem,
  signal: AbortSignal,
): Promise<NewBenchmarkResult | undefined> {
  const task: PipelineTask = {
    prompt: buildBenchmarkPrompt(problem),
    language: "python",
    source: "benchmark",
  };
  const solved = await deps.solve(task, signal);
  // A cancelled problem is not saved, so --resume runs it again.
  if (solved.stopReason === "cancelled" || signal.aborted) return undefined;
  const firstCode = solved.attempts[0]?.code ?? null;
  const finalCode = solved.finalCode ?? solved.attempts.at(-1)?.code ?? null;
  const programs = [...new Set([firstCode, finalCode].filter((code) => code !== null))];
  const evaluations =
    programs.length === 0
      ? []
      : await evaluateSamples({
          dataset: options.dataset,
          samples: programs.map((code) => ({ taskId: problem.id, solution: code })),
          executor: deps.evaluator,
          concurrency: programs.length,
          ...(options.evalTimeoutSeconds === undefined
            ? {}
            : { timeoutSeconds: options.evalTimeoutSeconds }),
        });
  const verdict = (code: string | null): SampleEvaluation | undefined =>
    code === null ? undefined : evaluations[programs.indexOf(code)];
  const first = verdict(firstCode);
  const final = verdict(finalCode);
  const error =
    final === undefined
      ? (solved.errorMessage ?? "the agent produced no program")
      : final.passed
        ? null
        : `hidden tests: ${final.result}${final.errorExcerpt ? `\n${final.errorExcerpt}` : ""}`;
  return {
    problemId: problem.id,
    taskId: deps.linkTasks === true ? solved.taskId : null,
    passed: first?.passed ?? false,
    passedAfterRepair: final?.passed ?? false,
    retries: solved.retryCount,
    firstCode,
    finalCode,
    error,
    costUsd: solved.totalCostUsd,
    tokens: solved.totalTokens,
    timeMs: solved.totalTimeMs,
  };
}
