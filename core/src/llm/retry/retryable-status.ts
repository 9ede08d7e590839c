/**
 * Whether an HTTP status is worth retrying: 408 request timeout, 409 conflict (lock
 * contention at the provider), 429 rate limited and every 5xx.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
