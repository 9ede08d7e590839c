/**
 * Every state a task passes through, in order; the last two are terminal:
 * `pending → classifying → planning → coding → executing → (completed | reviewing → repairing →
 * executing …) → failed`. The store, the pipeline and the surfaces all use this list.
 */
export const TASK_STATUSES = [
  "pending",
  "classifying",
  "planning",
  "coding",
  "executing",
  "reviewing",
  "repairing",
  "completed",
  "failed",
] as const;

/** A task's state. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The states a task ends in. */
export const TERMINAL_TASK_STATUSES = ["completed", "failed"] as const satisfies TaskStatus[];

/** Whether a status is terminal (completed or failed). */
export function isTerminalTaskStatus(status: TaskStatus): boolean {
  return (TERMINAL_TASK_STATUSES as readonly TaskStatus[]).includes(status);
}
