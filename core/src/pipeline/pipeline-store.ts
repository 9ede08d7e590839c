import type { Complexity } from "../agents/index.js";
import type { TaskProgress } from "../store/task-records.js";
import type { TaskSource, TaskStatus } from "../task/index.js";

/** The states a task moves through (the task vocabulary's); `completed` and `failed` are terminal. */
export type PipelineStatus = TaskStatus;

/** Surfaces a task can come from (the task vocabulary's). */
export type PipelineSource = TaskSource;

/** Fields the pipeline writes on a task as it moves and when it ends (the store's, less the PR's). */
export type PipelineTaskProgress = Omit<TaskProgress, "prNumber" | "prUrl">;

/** One agent call as the pipeline records it. */
export interface PipelineTrace {
  agent: string;
  stepOrder: number;
  input: unknown;
  output: unknown;
  reasoning: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
  model: string | null;
}

/** One sandbox run of the task's program as the pipeline records it. */
export interface PipelineExecutionRecord {
  attempt: number;
  code: string;
  tests: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  oomKilled: boolean;
  truncated: boolean;
  blocked: boolean;
  durationMs: number;
}

/**
 * What the pipeline needs from a store: the slice of the task repository it writes to.
 * The store's `store.tasks` satisfies it; so does anything else that keeps these rows.
 */
export interface PipelineTaskStore {
  create(task: {
    prompt: string;
    source?: PipelineSource;
    status?: PipelineStatus;
    language?: string | null;
    complexity?: Complexity | null;
    repo?: string | null;
    issueNumber?: number | null;
    baseCommit?: string | null;
    commentUrl?: string | null;
  }): Promise<{ id: string }>;
  updateStatus(
    id: string,
    status: PipelineStatus,
    progress?: PipelineTaskProgress,
  ): Promise<unknown>;
  addTrace(taskId: string, trace: PipelineTrace): Promise<unknown>;
  addExecutionResult(taskId: string, result: PipelineExecutionRecord): Promise<unknown>;
  finish(
    id: string,
    status: "completed" | "failed",
    outcome: PipelineTaskProgress,
  ): Promise<unknown>;
}
