import { randomUUID } from "node:crypto";
import type { Logger } from "./create-logger.js";

/** The fields that tie log lines to one task and one request. */
export interface TaskContext {
  readonly taskId: string;
  /** Ties together everything done for one request (a webhook, a CLI run); a new id when absent. */
  readonly correlationId?: string | undefined;
}

/**
 * The smallest logger that can carry a task context: object-first level methods, and
 * pino's `child` when it has one.
 */
export interface ContextualLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
  child?(bindings: Record<string, unknown>): ContextualLogger;
}

/**
 * A child logger whose every line carries `taskId` and `correlationId`. A pino logger
 * gets a pino child; a logger without `child` (a test's recorder) gets the fields merged
 * into each line's object.
 *
 * @example
 * const log = withTaskContext(logger, { taskId: task.id, correlationId: delivery.id });
 * log.info({ status: "planning" }, "status changed");
 */
export function withTaskContext(logger: Logger, context: TaskContext): Logger;
export function withTaskContext(logger: ContextualLogger, context: TaskContext): ContextualLogger;
export function withTaskContext(logger: ContextualLogger, context: TaskContext): ContextualLogger {
  const bindings = {
    taskId: context.taskId,
    correlationId: context.correlationId ?? randomUUID(),
  };
  if (typeof logger.child === "function") return logger.child(bindings);
  return {
    debug: (object, message) => logger.debug({ ...bindings, ...object }, message),
    info: (object, message) => logger.info({ ...bindings, ...object }, message),
    warn: (object, message) => logger.warn({ ...bindings, ...object }, message),
    error: (object, message) => logger.error({ ...bindings, ...object }, message),
  };
}
