import type { Sleep } from "../sleep.js";

/** A {@link Sleep} for tests: returns at once, records every wait and moves a virtual clock. */
export interface FakeSleep {
  sleep: Sleep;
  /** Every wait asked for, in order. */
  readonly waits: readonly number[];
  /** The virtual clock, moved forward by each wait. */
  now(): number;
}

/**
 * Creates a {@link FakeSleep}. With `hold: true` a wait never ends by itself and only the
 * signal ends it, which is how a test catches the call in the middle of a backoff.
 */
export function createFakeSleep(
  options: { start?: number; hold?: boolean; onSleep?: (ms: number) => void } = {},
): FakeSleep {
  const waits: number[] = [];
  let clock = options.start ?? Date.parse("2026-01-01T00:00:00Z");
  return {
    waits,
    now: () => clock,
    sleep: (ms, signal) => {
      waits.push(ms);
      options.onSleep?.(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        if (!options.hold) {
          clock += ms;
          resolve();
        }
      });
    },
  };
}
