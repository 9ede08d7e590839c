import { z } from "zod";

/** A benchmark run's states: `interrupted` runs can be resumed. */
export const BENCHMARK_RUN_STATUSES = ["running", "completed", "interrupted"] as const;

/** The state of a benchmark run. */
export type BenchmarkRunStatus = (typeof BENCHMARK_RUN_STATUSES)[number];

const money = z.coerce.number();
const count = z.coerce.number().int();
const ratio = z.coerce.number().nullable();
const timestamp = z.coerce.date();
const jsonObject = z
  .unknown()
  .transform((value) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {},
  );

/** A `benchmark_runs` row as read back. */
export const BenchmarkRunRecordSchema = z.object({
  id: z.string(),
  type: z.string(),
  dataset: z.string(),
  datasetChecksum: z.string().nullable(),
  modelConfig: jsonObject,
  settings: jsonObject,
  temperature: ratio,
  repairEnabled: z.boolean(),
  maxRetries: count,
  codeforgeVersion: z.string(),
  gitCommit: z.string().nullable(),
  commandLine: z.string().nullable(),
  status: z.enum(BENCHMARK_RUN_STATUSES),
  stopReason: z.string().nullable(),
  total: count,
  passed: count,
  passedAfterRepair: count,
  passAt1: ratio,
  passAt1Repair: ratio,
  avgRetries: ratio,
  totalCostUsd: money,
  totalTimeMs: count,
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
});

/** A benchmark run as stored. */
export type BenchmarkRunRecord = z.infer<typeof BenchmarkRunRecordSchema>;

/** A `benchmark_results` row as read back. */
export const BenchmarkResultRecordSchema = z.object({
  id: count,
  runId: z.string(),
  problemId: z.string(),
  taskId: z.string().nullable(),
  passed: z.boolean(),
  passedAfterRepair: z.boolean(),
  retries: count,
  firstCode: z.string().nullable(),
  finalCode: z.string().nullable(),
  error: z.string().nullable(),
  costUsd: money,
  tokens: count,
  timeMs: count,
  createdAt: timestamp,
});

/** One problem's outcome in a benchmark run. */
export type BenchmarkResultRecord = z.infer<typeof BenchmarkResultRecordSchema>;

/** A run with its results in problem order. */
export interface BenchmarkRunDetail extends BenchmarkRunRecord {
  results: BenchmarkResultRecord[];
}

/** What starting a benchmark run records: everything that makes it reproducible. */
export interface NewBenchmarkRun {
  id?: string;
  /** e.g. `humaneval`, `mbpp`, `custom`. */
  type: string;
  /** The dataset file or split, e.g. `HumanEval.jsonl.gz`. */
  dataset: string;
  datasetChecksum?: string | null;
  /** Provider and model per tier, as the run resolved them. */
  modelConfig: Record<string, unknown>;
  /** Other options of the run: limit, ids, concurrency, budget. */
  settings?: Record<string, unknown>;
  temperature?: number | null;
  repairEnabled?: boolean;
  maxRetries: number;
  codeforgeVersion: string;
  gitCommit?: string | null;
  commandLine?: string | null;
  /** How many problems the run will attempt. */
  total: number;
}

/** One problem's outcome to save (insert, or replace the earlier one for the same problem). */
export interface NewBenchmarkResult {
  problemId: string;
  taskId?: string | null;
  /** The first attempt's program passed the hidden tests. */
  passed: boolean;
  /** The final program (after any repairs) passed the hidden tests. */
  passedAfterRepair: boolean;
  retries?: number;
  firstCode?: string | null;
  finalCode?: string | null;
  error?: string | null;
  costUsd?: number;
  tokens?: number;
  timeMs?: number;
}

/** How a run ended. */
export interface BenchmarkRunEnding {
  status: "completed" | "interrupted";
  /** Why it stopped early, e.g. "budget exceeded" or "cancelled". */
  stopReason?: string | null;
  /** Wall time of the whole run; defaults to the sum of the results' times. */
  totalTimeMs?: number;
}

/** Filters of `benchmarks.listRuns`. */
export interface BenchmarkRunListQuery {
  type?: string;
  status?: BenchmarkRunStatus;
  /** Newest first; defaults to 50. */
  limit?: number;
}
