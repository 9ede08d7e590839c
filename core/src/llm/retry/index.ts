export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff-delay.js";
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from "./retry-after.js";
export { isRetryableStatus } from "./retryable-status.js";
export { type Sleep, sleep } from "./sleep.js";
export {
  type AttemptContext,
  type RetryLogger,
  type RetryOptions,
  withRetry,
} from "./with-retry.js";
