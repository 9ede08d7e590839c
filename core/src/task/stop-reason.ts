/**
 * Why a task ended: `completed`, or the stop that failed it (retries used up, a diagnosis too
 * unsure to go on, a cost or token budget exceeded, the caller cancelled, an infrastructure
 * error).
 */
export const STOP_REASONS = [
  "completed",
  "retries_exhausted",
  "low_confidence",
  "budget_exceeded",
  "cancelled",
  "error",
] as const;

/** One of {@link STOP_REASONS}. */
export type StopReason = (typeof STOP_REASONS)[number];
