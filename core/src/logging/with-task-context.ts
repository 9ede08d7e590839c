import { randomUUID } from "node:crypto";
import type { Logger } from "./create-logger.js";

/** The fields that tie log lines to one task and one request. */
export interface TaskContext {
  readonly taskId: string;
  /** Ties together everything done for one request (a webhook, a CLI run); a new id when absent. */
  readonly correlationId?: string;
}

/**
 * A child logger whose every line carries `taskId` and `correlationId`.
 *
 * @example
 * const log = withTaskContext(logger, { taskId: task.id, correlationId: delivery.id });
 * log.info({ status: "planning" }, "status changed");
 */
export function withTaskContext(logger: Logger, context: TaskContext): Logger {
  return logger.child({
    taskId: context.taskId,
    correlationId: context.correlationId ?? randomUUID(),
  });
}
