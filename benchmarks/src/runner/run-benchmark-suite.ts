import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { NewBenchmarkRun } from "@codeforge/core";
import { UsageError } from "@codeforge/core";
import type { Dataset } from "../datasets/benchmark-problem.js";
import { type DatasetName, isDatasetName } from "../datasets/dataset-name.js";
import { type BenchmarkShard, shardProblems } from "./benchmark-shard.js";
import type { BenchmarkSuiteEvent } from "./benchmark-suite-event.js";
import {
  type BenchmarkOutcome,
  type BenchmarkRunnerDeps,
  type BenchmarkStopReason,
  runBenchmark,
} from "./run-benchmark.js";
import { type ProblemSelection, selectProblems } from "./select-problems.js";

/** The datasets a suite of `all` runs, in order. */
export const SUITE_DATASETS: readonly DatasetName[] = ["humaneval", "mbpp", "custom"];

/** What a new run records so that it can be reproduced, beyond the problems it attempts. */
export interface BenchmarkRunMetadata {
  /** Provider and model per tier, or the pinned model. */
  modelConfig: Record<string, unknown>;
  temperature: number | null;
  repairEnabled: boolean;
  maxRetries: number;
  codeforgeVersion: string;
  /** CodeForge's own commit, null outside a git checkout (an npm or tarball install). */
  gitCommit: string | null;
  gitDirty: boolean | null;
  commandLine: string | null;
}

/** What a suite runs. */
export interface BenchmarkSuiteOptions {
  /** The datasets, in turn; ignored on resume (the run's own dataset is used). */
  datasets: readonly DatasetName[];
  /** Which problems of each dataset; on resume the run's stored selection is used. */
  selection?: ProblemSelection;
  /** Only this shard of the selection (split after `selection`, see `shardProblems`). */
  shard?: BenchmarkShard;
  /** Problems in flight at once; defaults to 1. */
  concurrency?: number;
  /** One budget for the whole suite: each dataset gets what the ones before it left. */
  budgetUsd?: number;
  /** The id of an interrupted run to finish without redoing its finished problems. */
  resume?: string;
  metadata: BenchmarkRunMetadata;
  /** Also write each run (with its results) as JSON into this folder. */
  outputDir?: string;
}

/** What a suite works with: a benchmark runner's parts, where datasets come from, events. */
export interface BenchmarkSuiteDeps extends Omit<BenchmarkRunnerDeps, "onProgress"> {
  loadDataset(name: DatasetName): Promise<Dataset>;
  onEvent?(event: BenchmarkSuiteEvent): void;
  /** Writes a results file; defaults to creating the folder and writing the file. */
  writeResultsFile?(path: string, text: string): Promise<void>;
}

/** One dataset's run within a suite. */
export interface BenchmarkSuiteRun {
  dataset: DatasetName;
  outcome: BenchmarkOutcome;
  /** The JSON file written, or null without `outputDir`. */
  resultsFile: string | null;
}

/** How a suite ended. */
export interface BenchmarkSuiteOutcome {
  runs: BenchmarkSuiteRun[];
  /** Why the suite stopped before every problem of every dataset finished, or null. */
  stopReason: BenchmarkStopReason | null;
  /** Datasets never started because the budget was spent. */
  notStarted: DatasetName[];
}

/** The results file name of a run. */
export function resultsFileName(dataset: string, runId: string): string {
  return `bench-${dataset}-${runId}.json`;
}

async function defaultWriteResultsFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * Runs the agent on one or more datasets in turn (`codeforge bench`, the Action's benchmark
 * mode): one budget across them, resume of an interrupted run, one stored run per dataset
 * with what reproduces it, an optional JSON results file per run, and a clean stop on the
 * abort signal (problems in flight are left for `--resume`). Progress arrives as events.
 *
 * @example
 * const suite = await runBenchmarkSuite(
 *   { datasets: ["custom"], selection: { limit: 5 }, shard: { index: 1, count: 2 }, metadata },
 *   { loadDataset, solve, evaluator, store: store.benchmarks, signal, onEvent: render },
 * );
 */
export async function runBenchmarkSuite(
  options: BenchmarkSuiteOptions,
  deps: BenchmarkSuiteDeps,
): Promise<BenchmarkSuiteOutcome> {
  const resumed =
    options.resume === undefined ? undefined : await deps.store.getRun(options.resume);
  if (options.resume !== undefined && resumed === undefined) {
    throw new UsageError(`There is no benchmark run ${options.resume} to resume: check the id.`);
  }
  if (resumed !== undefined && !isDatasetName(resumed.type)) {
    throw new UsageError(
      `Benchmark run ${resumed.id} is of type "${resumed.type}", which bench cannot resume.`,
    );
  }
  const datasets: readonly DatasetName[] =
    resumed !== undefined ? [resumed.type as DatasetName] : options.datasets;
  const stored = resumed?.settings as
    | { limit?: number; ids?: string[]; shard?: BenchmarkShard }
    | undefined;
  const selection: ProblemSelection =
    stored === undefined
      ? (options.selection ?? {})
      : {
          ...(stored.limit === undefined ? {} : { limit: stored.limit }),
          ...(stored.ids === undefined ? {} : { ids: stored.ids }),
        };
  const shard = stored === undefined ? options.shard : stored.shard;
  const concurrency = options.concurrency ?? 1;
  const writeResults = deps.writeResultsFile ?? defaultWriteResultsFile;

  const runs: BenchmarkSuiteRun[] = [];
  let spentUsd = 0;
  for (const [index, name] of datasets.entries()) {
    const remainingUsd = options.budgetUsd === undefined ? undefined : options.budgetUsd - spentUsd;
    if (options.budgetUsd !== undefined && remainingUsd !== undefined && remainingUsd <= 0) {
      const notStarted = datasets.slice(index);
      deps.onEvent?.({ type: "budget.spent", budgetUsd: options.budgetUsd, notStarted });
      return { runs, stopReason: "budget_exceeded", notStarted };
    }
    const dataset = await deps.loadDataset(name);
    const selected = selectProblems(dataset, selection);
    const problems = shardProblems(selected, shard);
    const finishedBefore = (resumed?.results ?? []).filter((result) =>
      problems.some((problem) => problem.id === result.problemId),
    );
    deps.onEvent?.({
      type: "dataset.started",
      dataset: name,
      tally: {
        done: finishedBefore.length,
        total: problems.length,
        passed: finishedBefore.filter((result) => result.passed).length,
        passedAfterRepair: finishedBefore.filter((result) => result.passedAfterRepair).length,
        costUsd: resumed?.totalCostUsd ?? 0,
      },
    });
    const create: NewBenchmarkRun = {
      type: name,
      dataset: dataset.source.split("/").at(-1) ?? name,
      datasetChecksum: dataset.sha256,
      modelConfig: options.metadata.modelConfig,
      settings: {
        ...selection,
        ...(shard === undefined ? {} : { shard, selected: selected.length }),
        concurrency,
        budgetUsd: remainingUsd ?? null,
        gitDirty: options.metadata.gitDirty,
      },
      temperature: options.metadata.temperature,
      repairEnabled: options.metadata.repairEnabled,
      maxRetries: options.metadata.maxRetries,
      codeforgeVersion: options.metadata.codeforgeVersion,
      gitCommit: options.metadata.gitCommit,
      commandLine: options.metadata.commandLine,
      total: problems.length,
    };
    const outcome = await runBenchmark(
      {
        ...deps,
        onProgress: (progress) =>
          deps.onEvent?.({ type: "problem.finished", dataset: name, progress }),
      },
      {
        dataset,
        problems,
        concurrency,
        ...(remainingUsd === undefined ? {} : { budgetUsd: remainingUsd }),
        run: resumed !== undefined ? { resume: resumed.id } : { create },
      },
    );
    // A resumed run's total includes what it spent before this suite.
    spentUsd += outcome.run.totalCostUsd;
    deps.onEvent?.({ type: "dataset.finished", dataset: name, outcome });
    let resultsFile: string | null = null;
    if (options.outputDir !== undefined) {
      resultsFile = join(options.outputDir, resultsFileName(name, outcome.run.id));
      await writeResults(resultsFile, `${JSON.stringify(outcome.run, null, 2)}\n`);
      deps.onEvent?.({ type: "results.written", dataset: name, path: resultsFile });
    }
    runs.push({ dataset: name, outcome, resultsFile });
    if (outcome.stopReason !== null) {
      return { runs, stopReason: outcome.stopReason, notStarted: datasets.slice(index + 1) };
    }
  }
  return { runs, stopReason: null, notStarted: [] };
}
