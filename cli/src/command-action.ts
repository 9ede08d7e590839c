import type { ExitCode } from "./exit-codes.js";

/** The exit code a command produced, shared between the action and `runCli`. */
export interface ExitCodeBox {
  code: ExitCode;
}

/**
 * Wraps a command's action so that the exit code it returns reaches `runCli`. Errors
 * propagate to `runCli`, which turns them into one clear sentence and an exit code.
 */
export function commandAction<Args extends unknown[]>(
  box: ExitCodeBox,
  action: (...args: Args) => Promise<ExitCode | undefined> | ExitCode | undefined,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    const code = await action(...args);
    if (code !== undefined) box.code = code;
  };
}
