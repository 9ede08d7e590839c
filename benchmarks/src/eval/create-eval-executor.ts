import type { Config, Executor } from "@codeforge/core";
import { createSandboxPool, type SandboxLogger, type SandboxPoolOptions } from "@codeforge/sandbox";

/** An executor that may hold resources (a pool's containers) until closed. */
export type ClosableExecutor = Executor & { close?: () => Promise<void> };

/** Options of {@link createEvalExecutor}. */
export interface EvalExecutorOptions {
  /** The Docker engine, made by the composition root. */
  docker: SandboxPoolOptions["docker"];
  /** The sandbox settings (`config.sandbox`); the guard policy is ignored. */
  sandbox: Config["sandbox"];
  /** Warm containers, and so programs at once; defaults to `sandbox.poolSize`. */
  size?: number;
  logger?: SandboxLogger;
}

/**
 * The sandbox evaluation runs on: a warm pool of locked-down containers, each program in
 * a fresh process. Isolation comes from the container, so the static guard is always off
 * here (a benchmark's reference code must never be refused by a pattern match). Used by
 * `codeforge eval`, `codeforge bench` and `npm run bench:eval`, so all three measure the
 * same thing. Close it when done: it holds containers.
 */
export function createEvalExecutor(options: EvalExecutorOptions): ClosableExecutor {
  return createSandboxPool({
    docker: options.docker,
    config: { ...options.sandbox, guard: "off" },
    size: options.size ?? options.sandbox.poolSize,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
