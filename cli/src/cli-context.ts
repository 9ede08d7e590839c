import type { Writable } from "node:stream";

/**
 * What every command receives: the environment, the working directory and where to
 * write. The CLI's entry point builds it from the real process; tests pass their own.
 */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

/** Writes one line to a stream. */
export function writeLine(stream: Writable, line = ""): void {
  stream.write(`${line}\n`);
}
