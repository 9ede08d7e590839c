import { CodeForgeError } from "@codeforge/core";

/** The signals that ask the CLI to stop: Ctrl-C, and what a container stop, CI cancel or systemd send. */
export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** One of {@link INTERRUPT_SIGNALS}. */
export type InterruptSignalName = (typeof INTERRUPT_SIGNALS)[number];

/** What the CLI listens on: the process, or a fake emitter in tests. */
export interface SignalSource {
  once(event: InterruptSignalName, listener: () => void): unknown;
  off(event: InterruptSignalName, listener: () => void): unknown;
}

/** The reason a command's work is aborted with when `signal` arrives. */
export function interruptReason(signal: InterruptSignalName): CodeForgeError {
  return new CodeForgeError(
    signal === "SIGINT" ? "cancelled with Ctrl-C" : `cancelled by ${signal}`,
  );
}

/**
 * The one abort signal of a CLI process: aborted by the first SIGINT or SIGTERM, with
 * {@link interruptReason}. After the first, both listeners are gone, so a second signal
 * ends the process at once (Node's default) when a clean stop takes too long.
 *
 * @example
 * const signal = createInterruptSignal(process); // in main.ts only
 */
export function createInterruptSignal(source: SignalSource): AbortSignal {
  const controller = new AbortController();
  const listeners = INTERRUPT_SIGNALS.map((name) => {
    const listener = () => {
      for (const [other, handler] of listeners) source.off(other, handler);
      controller.abort(interruptReason(name));
    };
    return [name, listener] as const;
  });
  for (const [name, listener] of listeners) source.once(name, listener);
  return controller.signal;
}
