import type { CliContext } from "../cli-context.js";

/** The CLI context of the running process: its environment, directory and streams. */
export function processContext(): CliContext {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}
