/** Milliseconds as `850ms`, `1.2s` or `2m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** Options of {@link formatUsd}. */
export interface FormatUsdOptions {
  /** Always four decimals (`$0.0000`, `$1.2300`), so a table's cost column lines up. */
  fixedDecimals?: boolean;
}

/** The smallest cost four decimals show; anything cheaper but not free prints as `<$0.0001`. */
const SMALLEST_SHOWN_USD = 0.0001;

/**
 * USD with enough digits for sub-cent model calls: `$0.0004`, `$1.23`, and `<$0.0001` for
 * a call that cost something but less than four decimals show (never a misleading `$0.0000`).
 */
export function formatUsd(usd: number, options: FormatUsdOptions = {}): string {
  if (usd > 0 && usd < SMALLEST_SHOWN_USD) return `<$${SMALLEST_SHOWN_USD.toFixed(4)}`;
  if (options.fixedDecimals) return `$${usd.toFixed(4)}`;
  if (usd === 0) return "$0";
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** A token count with thousands separators: `1,034 tokens`. */
export function formatTokens(tokens: number): string {
  return `${tokens.toLocaleString("en-US")} tokens`;
}
