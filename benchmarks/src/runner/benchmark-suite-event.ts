import type { DatasetName } from "../datasets/dataset-name.js";
import type { BenchmarkOutcome, BenchmarkProgress } from "./run-benchmark.js";

/** A run's running totals: what a progress display shows. */
export type BenchmarkTally = Pick<
  BenchmarkProgress,
  "done" | "total" | "passed" | "passedAfterRepair" | "costUsd"
>;

/**
 * What `runBenchmarkSuite` reports while it works, in order: per dataset `dataset.started`,
 * `problem.finished` per problem, `dataset.finished`, then `results.written` when a results
 * folder was given; `budget.spent` when the shared budget leaves datasets unstarted.
 */
export type BenchmarkSuiteEvent =
  | {
      type: "dataset.started";
      dataset: DatasetName;
      /** What is already done: a resumed run starts from its finished problems. */
      tally: BenchmarkTally;
    }
  | { type: "problem.finished"; dataset: DatasetName; progress: BenchmarkProgress }
  | { type: "dataset.finished"; dataset: DatasetName; outcome: BenchmarkOutcome }
  | { type: "results.written"; dataset: DatasetName; path: string }
  | { type: "budget.spent"; budgetUsd: number; notStarted: DatasetName[] };
