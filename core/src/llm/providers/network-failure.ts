/** Error codes that mean nothing listens or the host does not exist: retrying will not help. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH"]);

/** What went wrong below HTTP: the system error code, whether a retry may help, a short text. */
export interface NetworkFailure {
  code: string | undefined;
  retryable: boolean;
  description: string;
}

/**
 * Reads a connection failure (fetch's `TypeError: fetch failed` with its cause chain, or an
 * SDK's connection error wrapping one). Resets and socket hang-ups are retryable; a refused
 * connection or an unknown host is not, because it needs the user to act.
 */
export function describeNetworkFailure(error: unknown): NetworkFailure {
  let code: string | undefined;
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (!messages.includes(current.message)) messages.push(current.message);
    const candidate = (current as { code?: unknown }).code;
    if (typeof candidate === "string" && !code) code = candidate;
    current = current.cause;
  }
  return {
    code,
    retryable: code === undefined || !UNREACHABLE_CODES.has(code),
    description: messages.join(": ") || String(error),
  };
}
