import { Writable } from "node:stream";
import type { CliContext } from "../cli-context.js";

/** A CLI context whose output is collected into strings, for tests. */
export interface CapturedContext extends CliContext {
  output(): string;
  errors(): string;
}

/** Builds a {@link CapturedContext} with the given environment and working directory. */
export function captureContext(
  options: { env?: Record<string, string | undefined>; cwd?: string; signal?: AbortSignal } = {},
): CapturedContext {
  let out = "";
  let err = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  return {
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal ?? new AbortController().signal,
    stdout: sink((text) => {
      out += text;
    }),
    stderr: sink((text) => {
      err += text;
    }),
    output: () => out,
    errors: () => err,
  };
}
