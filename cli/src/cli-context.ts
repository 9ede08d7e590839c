import type { Writable } from "node:stream";

/**
 * What every command receives: the environment, the working directory, where to write and
 * the one abort signal (SIGINT or SIGTERM). The CLI's entry point builds it from the real
 * process; tests pass their own.
 */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Aborted when the person or the system asks the process to stop; commands stop cleanly. */
  readonly signal: AbortSignal;
}

/** Writes one line to a stream. */
export function writeLine(stream: Writable, line = ""): void {
  stream.write(`${line}\n`);
}
