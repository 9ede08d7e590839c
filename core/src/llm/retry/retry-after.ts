/** Longest server-requested wait the retry loop honours; a longer one ends the retries. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long a server asked the client to wait, from `retry-after-ms` (milliseconds, as OpenAI
 * and Anthropic send) or `retry-after` (seconds, or an HTTP date). Undefined when neither
 * header is there or parses.
 *
 * @example
 * parseRetryAfter(new Headers({ "retry-after": "2" }), Date.now()); // 2000
 */
export function parseRetryAfter(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && milliseconds.trim() !== "") {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get("retry-after");
  if (retryAfter === null || retryAfter.trim() === "") return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
