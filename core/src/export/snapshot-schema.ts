import { z } from "zod";
import { BENCHMARK_RUN_STATUSES } from "../store/benchmark-records.js";
import { TASK_COMPLEXITIES, TASK_SOURCES, TASK_STATUSES } from "../task/index.js";

/**
 * The version of the snapshot format `codeforge export` writes and the site reads. Raise it
 * whenever a field changes meaning or a required field is added; the site then refuses a
 * snapshot of another version with a message naming both.
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

const money = z.number().nonnegative();
const count = z.number().int().nonnegative();
const ratio = z.number().min(0).max(1);
const timestamp = z.iso.datetime({ offset: true });

/** Cost of one model over the snapshot's cost window. */
export const SnapshotModelCostSchema = z.object({
  model: z.string(),
  costUsd: money,
  tokens: count,
  tasks: count,
});

/** Cost of one agent over the snapshot's cost window. */
export const SnapshotAgentCostSchema = z.object({
  agent: z.string(),
  costUsd: money,
  tokens: count,
  calls: count,
});

/** What routing saved against running every recorded call on the baseline model. */
export const SnapshotSavingsSchema = z.object({
  baselineModel: z.string(),
  actualCostUsd: money,
  baselineCostUsd: money,
  /** Negative when routing cost more than the baseline would have. */
  savingsUsd: z.number(),
  savingsPercent: z.number(),
  byModel: z.array(
    z.object({
      model: z.string(),
      calls: count,
      inputTokens: count,
      outputTokens: count,
      costUsd: money,
      baselineCostUsd: money,
    }),
  ),
});

/** One problem of a benchmark run. Code only when exported with `--include-code`. */
export const SnapshotBenchmarkResultSchema = z.object({
  problemId: z.string(),
  passed: z.boolean(),
  passedAfterRepair: z.boolean(),
  retries: count,
  costUsd: money,
  tokens: count,
  timeMs: count,
  error: z.string().nullable(),
  firstCode: z.string().nullable().optional(),
  finalCode: z.string().nullable().optional(),
});

/** A benchmark run with what makes it reproducible and every problem's outcome. */
export const SnapshotBenchmarkRunSchema = z.object({
  id: z.string(),
  type: z.string(),
  dataset: z.string(),
  datasetChecksum: z.string().nullable(),
  modelConfig: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()),
  temperature: z.number().nullable(),
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
  passAt1: ratio.nullable(),
  passAt1Repair: ratio.nullable(),
  avgRetries: z.number().nonnegative().nullable(),
  totalCostUsd: money,
  totalTimeMs: count,
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  results: z.array(SnapshotBenchmarkResultSchema),
});

/** One step of a task's repair history, from the reviewer's recorded answer. */
export const SnapshotRepairSchema = z.object({
  step: count,
  model: z.string().nullable(),
  rootCause: z.string().nullable(),
  errorType: z.string().nullable(),
  fixDescription: z.string().nullable(),
  confidence: z.number().nullable(),
  costUsd: money,
  durationMs: count,
});

/** One agent call of a task, without its input or output. */
export const SnapshotTraceSchema = z.object({
  step: count,
  agent: z.string(),
  model: z.string().nullable(),
  inputTokens: count,
  outputTokens: count,
  costUsd: money,
  durationMs: count,
});

/** One sandbox run of a task. Output only when exported with `--include-code`. */
export const SnapshotExecutionSchema = z.object({
  attempt: count,
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  oomKilled: z.boolean(),
  durationMs: count,
  stdout: z.string().optional(),
  stderr: z.string().optional(),
});

/**
 * A task's summary. Repository, issue and pull request only with `--include-private` (the
 * store does not know which repositories are public); code, diff and output only with
 * `--include-code`.
 */
export const SnapshotTaskSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  status: z.enum(TASK_STATUSES),
  source: z.enum(TASK_SOURCES),
  complexity: z.enum(TASK_COMPLEXITIES).nullable(),
  language: z.string().nullable(),
  modelUsed: z.string().nullable(),
  totalCostUsd: money,
  totalTokens: count,
  totalTimeMs: count,
  retryCount: count,
  errorMessage: z.string().nullable(),
  createdAt: timestamp,
  completedAt: timestamp.nullable(),
  plan: z.unknown(),
  diffStats: z.unknown(),
  repo: z.string().nullable(),
  issueNumber: z.number().int().nullable(),
  prNumber: z.number().int().nullable(),
  prUrl: z.string().nullable(),
  traces: z.array(SnapshotTraceSchema),
  repairs: z.array(SnapshotRepairSchema),
  executions: z.array(SnapshotExecutionSchema),
  finalCode: z.string().nullable().optional(),
  finalTests: z.string().nullable().optional(),
  finalOutput: z.string().nullable().optional(),
  diff: z.string().nullable().optional(),
});

/**
 * The whole snapshot `codeforge export` writes and the status site builds from.
 *
 * @example
 * const snapshot = SnapshotSchema.parse(JSON.parse(await readFile("snapshot.json", "utf8")));
 */
export const SnapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  generatedAt: timestamp,
  /** Says where the data came from when it is not a live store, e.g. the demo snapshot. */
  label: z.string().nullable(),
  options: z.object({
    since: timestamp.nullable(),
    limitTasks: count,
    includeCode: z.boolean(),
    includePrivate: z.boolean(),
  }),
  performance: z.object({
    totalTasks: count,
    successRate: ratio,
    avgTimeMs: z.number().nonnegative(),
    avgRetries: z.number().nonnegative(),
    byStatus: z.record(z.enum(TASK_STATUSES), count),
  }),
  cost: z.object({
    days: count,
    since: timestamp,
    totalCostUsd: money,
    totalTokens: count,
    tasks: count,
    /** The last 7 UTC days, today included. */
    lastWeekCostUsd: money,
    byModel: z.array(SnapshotModelCostSchema),
    byAgent: z.array(SnapshotAgentCostSchema),
    daily: z.array(z.object({ date: z.iso.date(), costUsd: money, tasks: count })),
  }),
  models: z.array(z.object({ model: z.string(), count, percentage: z.number() })),
  savings: SnapshotSavingsSchema,
  benchmarkRuns: z.array(SnapshotBenchmarkRunSchema),
  tasks: z.array(SnapshotTaskSchema),
  /** Tasks in the store matching `since`, of which `tasks` holds the newest `limitTasks`. */
  totalTasks: count,
});

/** A status-site snapshot. */
export type Snapshot = z.infer<typeof SnapshotSchema>;
/** A task as the snapshot holds it. */
export type SnapshotTask = z.infer<typeof SnapshotTaskSchema>;
/** A benchmark run as the snapshot holds it. */
export type SnapshotBenchmarkRun = z.infer<typeof SnapshotBenchmarkRunSchema>;
/** One problem of a run as the snapshot holds it. */
export type SnapshotBenchmarkResult = z.infer<typeof SnapshotBenchmarkResultSchema>;
