import { z } from "zod";
import {
  TASK_COMPLEXITIES,
  TASK_STATUSES,
  type TaskComplexity,
  type TaskStatus,
} from "../task/index.js";

/** The task vocabulary the store's rows use, from its one home in `core/src/task`. */
export {
  isTerminalTaskStatus,
  TASK_COMPLEXITIES,
  TASK_STATUSES,
  type TaskComplexity,
  type TaskStatus,
  TERMINAL_TASK_STATUSES,
} from "../task/index.js";

import { TASK_SOURCES, type TaskSource } from "../task/task-source.js";

export { TASK_SOURCES, type TaskSource };

const money = z.coerce.number();
const count = z.coerce.number().int();
const timestamp = z.coerce.date();

/** A `tasks` row as read back, parsed (money as numbers, timestamps as dates). */
export const TaskRecordSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  status: z.enum(TASK_STATUSES),
  complexity: z.enum(TASK_COMPLEXITIES).nullable(),
  language: z.string().nullable(),
  modelUsed: z.string().nullable(),
  plan: z.unknown().transform((value) => value ?? null),
  finalCode: z.string().nullable(),
  finalTests: z.string().nullable(),
  finalOutput: z.string().nullable(),
  totalCostUsd: money,
  totalTokens: count,
  totalTimeMs: count,
  retryCount: count,
  errorMessage: z.string().nullable(),
  source: z.enum(TASK_SOURCES),
  repo: z.string().nullable(),
  issueNumber: count.nullable(),
  prNumber: count.nullable(),
  prUrl: z.string().nullable(),
  /** A repository task's base commit, unified diff and per-file diff stats. */
  baseCommit: z.string().nullable(),
  diff: z.string().nullable(),
  diffStats: z.unknown().transform((value) => value ?? null),
  /** The comment that asked for the task (the App's), when there was one. */
  commentUrl: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: timestamp.nullable(),
});

/** A task as stored. */
export type TaskRecord = z.infer<typeof TaskRecordSchema>;

/** An `agent_traces` row as read back. */
export const AgentTraceRecordSchema = z.object({
  id: count,
  taskId: z.string(),
  agent: z.string(),
  stepOrder: count,
  input: z.unknown().transform((value) => value ?? null),
  output: z.unknown().transform((value) => value ?? null),
  reasoning: z.string().nullable(),
  inputTokens: count,
  outputTokens: count,
  costUsd: money,
  durationMs: count,
  model: z.string().nullable(),
  createdAt: timestamp,
});

/** One recorded agent call of a task. */
export type AgentTraceRecord = z.infer<typeof AgentTraceRecordSchema>;

/** An `execution_results` row as read back. */
export const ExecutionResultRecordSchema = z.object({
  id: count,
  taskId: z.string(),
  attempt: count,
  code: z.string().nullable(),
  tests: z.string().nullable(),
  exitCode: count.nullable(),
  stdout: z.string(),
  stderr: z.string(),
  timedOut: z.boolean(),
  oomKilled: z.boolean(),
  truncated: z.boolean(),
  blocked: z.boolean(),
  durationMs: count,
  createdAt: timestamp,
});

/** One recorded sandbox run of a task's program. */
export type ExecutionResultRecord = z.infer<typeof ExecutionResultRecordSchema>;

/** A task with its traces (in step order) and execution results (in attempt order). */
export interface TaskDetail extends TaskRecord {
  traces: AgentTraceRecord[];
  executionResults: ExecutionResultRecord[];
}

/** What creating a task takes; everything but the prompt has a default. */
export interface NewTask {
  /** Defaults to a random UUID. */
  id?: string;
  prompt: string;
  source?: TaskSource;
  status?: TaskStatus;
  complexity?: TaskComplexity | null;
  language?: string | null;
  modelUsed?: string | null;
  repo?: string | null;
  issueNumber?: number | null;
  prNumber?: number | null;
  prUrl?: string | null;
  baseCommit?: string | null;
  commentUrl?: string | null;
}

/** Fields the pipeline fills in as a task moves; each given field is written. */
export interface TaskProgress {
  complexity?: TaskComplexity | null;
  language?: string | null;
  modelUsed?: string | null;
  plan?: unknown;
  finalCode?: string | null;
  finalTests?: string | null;
  finalOutput?: string | null;
  totalCostUsd?: number;
  totalTokens?: number;
  totalTimeMs?: number;
  retryCount?: number;
  errorMessage?: string | null;
  prNumber?: number | null;
  prUrl?: string | null;
  diff?: string | null;
  diffStats?: unknown;
}

/** The final fields written when a task ends. */
export interface TaskOutcome extends TaskProgress {
  /** Defaults to now. */
  completedAt?: Date;
}

/** One agent call to record. `stepOrder` defaults to the next step of the task. */
export interface NewAgentTrace {
  agent: string;
  stepOrder?: number;
  input?: unknown;
  output?: unknown;
  reasoning?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  durationMs?: number;
  model?: string | null;
}

/** One sandbox run to record. */
export interface NewExecutionResult {
  attempt: number;
  code?: string | null;
  tests?: string | null;
  exitCode: number | null;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
  oomKilled?: boolean;
  truncated?: boolean;
  blocked?: boolean;
  durationMs?: number;
}

/** How `tasks.list` may sort. */
export const TASK_SORT_FIELDS = ["created_at", "cost", "duration"] as const;

/** A sort key of the task list. */
export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];

/** Sort directions. */
export const SORT_ORDERS = ["asc", "desc"] as const;

/** A sort direction. */
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Filters, sort and page of `tasks.list`, validated before the query runs. */
export const TaskListQuerySchema = z.strictObject({
  status: z
    .union([z.enum(TASK_STATUSES), z.array(z.enum(TASK_STATUSES))])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
  source: z.enum(TASK_SOURCES).optional(),
  /** Case-insensitive substring of the prompt. */
  search: z.string().optional(),
  /** Created at or after. */
  since: z.coerce.date().optional(),
  /** Created before. */
  until: z.coerce.date().optional(),
  sort: z.enum(TASK_SORT_FIELDS).default("created_at"),
  order: z.enum(SORT_ORDERS).default("desc"),
  page: z.coerce.number().int().min(1, "must be 1 or more").default(1),
  perPage: z.coerce
    .number()
    .int()
    .min(1, "must be between 1 and 500")
    .max(500, "must be between 1 and 500")
    .default(20),
});

/** What `tasks.list` accepts. */
export type TaskListQuery = z.input<typeof TaskListQuerySchema>;

/** One page of tasks. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
}
