/**
 * How hard a task or subtask is: the classifier's tiers, the planner's estimates, the routing
 * tiers and the stored `tasks.complexity`. The one list; every other list of tiers derives
 * from it.
 */
export const TASK_COMPLEXITIES = ["simple", "medium", "hard"] as const;

/** One of {@link TASK_COMPLEXITIES}. */
export type TaskComplexity = (typeof TASK_COMPLEXITIES)[number];
