export {
  DEFAULT_BASELINE_MODEL,
  DEFAULT_ROUTING_MODELS,
  DEFAULT_TIER_MODELS,
  DEFAULT_TIER_PROVIDERS,
} from "./default-models.js";
export { STOP_REASONS, type StopReason } from "./stop-reason.js";
export { TASK_COMPLEXITIES, type TaskComplexity } from "./task-complexity.js";
export { TASK_SOURCES, type TaskSource } from "./task-source.js";
export {
  isTerminalTaskStatus,
  TASK_STATUSES,
  type TaskStatus,
  TERMINAL_TASK_STATUSES,
} from "./task-status.js";
