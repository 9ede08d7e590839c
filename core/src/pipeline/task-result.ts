import type { Complexity, Diagnosis, Plan } from "../agents/index.js";
import type { Language } from "../executor/index.js";
import type { StopReason } from "../task/stop-reason.js";
import type { TestReport } from "../workspace/index.js";
import type { RepositoryOutcome } from "./repository/repository-task.js";
import type { TaskFault } from "./task-stop.js";

/** Why a task ended: the task vocabulary's list, re-exported where the result type lives. */
export { STOP_REASONS, type StopReason } from "../task/stop-reason.js";

/** How one run of the program ended. */
export interface AttemptExecution {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  oomKilled: boolean;
  blocked: boolean;
  durationMs: number;
}

/** One run of the artifact and, when it failed and a repair followed, the reviewer's diagnosis. */
export interface TaskAttempt {
  /** 0 for the first run, k for the run after the k-th repair. */
  attempt: number;
  /** The program; for a repository task, the unified diff of the changes. */
  code: string;
  /** The tests run with it; for a repository task, the test command. */
  tests: string;
  execution: AttemptExecution;
  passed: boolean;
  /** A repository task's test report (what ran, with outcomes), when the runner wrote one. */
  report?: TestReport;
  /** Why a repository task's run did not pass, in words (empty when it passed). */
  reasons?: string[];
  review?: Diagnosis;
}

/** What `runTask` returns: the outcome, the verified program and what it cost. */
export interface TaskResult {
  taskId: string;
  status: "completed" | "failed";
  stopReason: StopReason;
  complexity: Complexity | null;
  language: Language;
  /** `provider/model` of the model that did the work. */
  modelUsed: string | null;
  plan: Plan | null;
  finalCode: string | null;
  finalTests: string | null;
  /** The last run's stdout (and stderr when it failed). */
  finalOutput: string | null;
  /** Repairs applied. */
  retryCount: number;
  totalCostUsd: number;
  totalTokens: number;
  totalTimeMs: number;
  /** On failure, the error trail of every attempt and why the task stopped; null on success. */
  errorMessage: string | null;
  /**
   * With `stopReason: "error"`: the model's fault (`model_output`, an honest failure) or the
   * infrastructure's (`infrastructure`: a provider, the sandbox, the store), which a queue
   * may try again.
   */
  fault?: TaskFault;
  attempts: TaskAttempt[];
  /** A repository task's changes, diff, baseline and tests; absent for a program task. */
  repository?: RepositoryOutcome;
}
