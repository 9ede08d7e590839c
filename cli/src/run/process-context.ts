import type { CliContext } from "../cli-context.js";
import { createInterruptSignal } from "../interrupt-signal.js";

/**
 * The CLI context of the running process: its environment, directory and streams, and the
 * one abort signal built from SIGINT and SIGTERM. Only entry points (`main.ts`, the demo
 * scripts) call it.
 */
export function processContext(): CliContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    signal: createInterruptSignal(process),
  };
}
