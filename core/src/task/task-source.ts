/** The surfaces a task can come from. */
export const TASK_SOURCES = ["cli", "app", "action", "benchmark"] as const;

export type TaskSource = (typeof TASK_SOURCES)[number];
