import type { ColumnType, Generated } from "kysely";

/**
 * A `numeric` column: written as a number, read back as the driver gives it (`pg` returns
 * a string to keep precision). Repositories parse it to a number at the boundary.
 */
export type NumericColumn = ColumnType<string | number, number | string, number | string>;

/** A `numeric` column with a database default. */
export type GeneratedNumericColumn = ColumnType<
  string | number,
  number | string | undefined,
  number | string
>;

/** A `timestamptz` column set by the database unless given. */
export type CreatedAtColumn = ColumnType<Date, Date | string | undefined, Date | string>;

/** A nullable `timestamptz` column. */
export type TimestampColumn = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

/** A `jsonb` column written as a JSON string (so `pg` never turns arrays into Postgres arrays). */
export type JsonColumn = ColumnType<unknown, string | null | undefined, string | null>;

/**
 * The `tasks` table: one row per task the pipeline ran, from any surface. Identifiers are
 * camelCase here; the store's `CamelCasePlugin` maps them to the snake_case columns.
 */
export interface TasksTable {
  id: string;
  prompt: string;
  status: ColumnType<string, string | undefined, string>;
  complexity: string | null;
  language: string | null;
  modelUsed: string | null;
  plan: JsonColumn;
  finalCode: string | null;
  finalTests: string | null;
  finalOutput: string | null;
  totalCostUsd: GeneratedNumericColumn;
  totalTokens: Generated<number>;
  totalTimeMs: Generated<number>;
  retryCount: Generated<number>;
  errorMessage: string | null;
  source: ColumnType<string, string | undefined, string>;
  repo: string | null;
  issueNumber: number | null;
  prNumber: number | null;
  prUrl: string | null;
  baseCommit: string | null;
  diff: string | null;
  diffStats: JsonColumn;
  commentUrl: string | null;
  createdAt: CreatedAtColumn;
  updatedAt: CreatedAtColumn;
  completedAt: TimestampColumn;
}

/** The `agent_traces` table: one row per agent call of a task, in `stepOrder`. */
export interface AgentTracesTable {
  id: Generated<number>;
  taskId: string;
  agent: string;
  stepOrder: number;
  input: JsonColumn;
  output: JsonColumn;
  reasoning: string | null;
  inputTokens: Generated<number>;
  outputTokens: Generated<number>;
  costUsd: GeneratedNumericColumn;
  durationMs: Generated<number>;
  model: string | null;
  createdAt: CreatedAtColumn;
}

/** The `execution_results` table: one row per sandbox run of a task's program. */
export interface ExecutionResultsTable {
  id: Generated<number>;
  taskId: string;
  attempt: number;
  code: string | null;
  tests: string | null;
  exitCode: number | null;
  stdout: Generated<string>;
  stderr: Generated<string>;
  timedOut: Generated<boolean>;
  oomKilled: Generated<boolean>;
  truncated: Generated<boolean>;
  blocked: Generated<boolean>;
  durationMs: Generated<number>;
  createdAt: CreatedAtColumn;
}

/** The `benchmark_runs` table: one row per `codeforge bench` run, with what makes it reproducible. */
export interface BenchmarkRunsTable {
  id: string;
  type: string;
  dataset: string;
  datasetChecksum: string | null;
  modelConfig: JsonColumn;
  settings: JsonColumn;
  temperature: number | null;
  repairEnabled: Generated<boolean>;
  maxRetries: number;
  codeforgeVersion: string;
  gitCommit: string | null;
  commandLine: string | null;
  status: ColumnType<string, string | undefined, string>;
  stopReason: string | null;
  total: Generated<number>;
  passed: Generated<number>;
  passedAfterRepair: Generated<number>;
  passAt1: number | null;
  passAt1Repair: number | null;
  avgRetries: number | null;
  totalCostUsd: GeneratedNumericColumn;
  /** `bigint`: a long run's milliseconds; `pg` returns it as a string. */
  totalTimeMs: GeneratedNumericColumn;
  startedAt: CreatedAtColumn;
  finishedAt: TimestampColumn;
}

/** The `benchmark_results` table: one row per problem of a run (unique per run and problem). */
export interface BenchmarkResultsTable {
  id: Generated<number>;
  runId: string;
  problemId: string;
  taskId: string | null;
  passed: boolean;
  passedAfterRepair: boolean;
  retries: Generated<number>;
  firstCode: string | null;
  finalCode: string | null;
  error: string | null;
  costUsd: GeneratedNumericColumn;
  tokens: Generated<number>;
  timeMs: Generated<number>;
  createdAt: CreatedAtColumn;
}

/** Every table of the store, as Kysely sees it (camelCase through `CamelCasePlugin`). */
export interface Database {
  tasks: TasksTable;
  agentTraces: AgentTracesTable;
  executionResults: ExecutionResultsTable;
  benchmarkRuns: BenchmarkRunsTable;
  benchmarkResults: BenchmarkResultsTable;
}
