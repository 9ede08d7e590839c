export type {
  AgentCost,
  AnalyticsWindow,
  DailyCost,
  ModelCost,
  ModelShare,
  ModelTokens,
  PerformanceSummary,
  TaskCostSummary,
} from "./analytics-records.js";
export { type AnalyticsRepository, createAnalyticsRepository } from "./analytics-repository.js";
export {
  BENCHMARK_RUN_STATUSES,
  type BenchmarkResultRecord,
  BenchmarkResultRecordSchema,
  type BenchmarkRunDetail,
  type BenchmarkRunEnding,
  type BenchmarkRunListQuery,
  type BenchmarkRunRecord,
  BenchmarkRunRecordSchema,
  type BenchmarkRunStatus,
  type NewBenchmarkResult,
  type NewBenchmarkRun,
} from "./benchmark-records.js";
export { type BenchmarkRepository, createBenchmarkRepository } from "./benchmark-repository.js";
export { type CheckStoreOptions, checkStore, type StoreCheckConfig } from "./check-store.js";
export type { Database } from "./database.js";
export { MigrationError } from "./migration-error.js";
export { createMigrationProvider, STORE_MIGRATIONS } from "./migrations/index.js";
export {
  DEFAULT_DATA_DIR,
  DEFAULT_INTERRUPTED_AFTER_MINUTES,
  IN_MEMORY_DATA_DIR,
  type OpenStoreOptions,
  openStore,
  redactUrl,
} from "./open-store.js";
export { storableText } from "./storable-text.js";
export type { Store, StoreDialect, StoreRepositories } from "./store.js";
export { StoreError } from "./store-error.js";
export {
  type AgentTraceRecord,
  AgentTraceRecordSchema,
  type ExecutionResultRecord,
  ExecutionResultRecordSchema,
  isTerminalTaskStatus,
  type NewAgentTrace,
  type NewExecutionResult,
  type NewTask,
  type Page,
  SORT_ORDERS,
  type SortOrder,
  TASK_COMPLEXITIES,
  TASK_SORT_FIELDS,
  TASK_SOURCES,
  TASK_STATUSES,
  type TaskComplexity,
  type TaskDetail,
  type TaskListQuery,
  TaskListQuerySchema,
  type TaskOutcome,
  type TaskProgress,
  type TaskRecord,
  TaskRecordSchema,
  type TaskSortField,
  type TaskSource,
  type TaskStatus,
  TERMINAL_TASK_STATUSES,
} from "./task-records.js";
export {
  createTaskRepository,
  INTERRUPTED_MESSAGE,
  type MarkInterruptedOptions,
  type TaskRepository,
} from "./task-repository.js";
export { withTransaction } from "./with-transaction.js";
