import type { Config, Executor } from "@codeforge/core";
import { createDockerExecutor, type SandboxLogger } from "@codeforge/sandbox";

/** An executor that may hold resources (a pool's containers) until closed. */
export type ClosableExecutor = Executor & { close?: () => Promise<void> };

/** Options of {@link createEvalExecutor}. */
export interface EvalExecutorOptions {
  /** The sandbox settings (`config.sandbox`); the guard policy is ignored. */
  sandbox: Config["sandbox"];
  logger?: SandboxLogger;
}

/**
 * The sandbox executor evaluation runs on: isolation comes from the container, so the
 * static guard is always off here (a benchmark's reference code must never be refused by
 * a pattern match). Used by `codeforge eval`, `codeforge bench` and `npm run bench:eval`,
 * so all three measure the same thing.
 */
export function createEvalExecutor(options: EvalExecutorOptions): ClosableExecutor {
  const config = { ...options.sandbox, guard: "off" as const };
  return createDockerExecutor({
    config,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
