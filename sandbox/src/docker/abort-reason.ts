/**
 * What a sandbox run rejects with when its signal aborts: the signal's own reason, or an
 * `AbortError` when the caller gave none. Shared by the one-shot executor and the pool so
 * both reject alike.
 *
 * @example
 * if (spec.signal?.aborted) throw abortReason(spec.signal);
 */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("The sandbox run was aborted", "AbortError");
}
