/** Shape of the exponential backoff between attempts. */
export interface BackoffOptions {
  /** Wait before the first retry, before jitter. */
  initialDelayMs: number;
  /** Upper bound of any wait, before jitter. */
  maxDelayMs: number;
  /** A number in [0, 1); `Math.random` outside tests. */
  random: () => number;
}

/** The default backoff: 0.5 s, 1 s, 2 s, … up to 8 s, each with jitter. */
export const DEFAULT_BACKOFF: Omit<BackoffOptions, "random"> = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
};

/**
 * The wait before retry number `retry` (1 for the first retry): the exponential step
 * `initialDelayMs * 2^(retry-1)`, capped, with "equal jitter": half of the step is fixed and
 * half is random, so clients that failed together do not retry together, while the wait never
 * drops below half a step.
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const step = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + options.random() * (step / 2));
}
