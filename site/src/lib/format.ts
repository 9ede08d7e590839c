/** A ratio 0..1 as a percentage with one decimal: `0.875` → `87.5%`; null → `–`. */
export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? "–" : `${(ratio * 100).toFixed(1)}%`;
}

/**
 * Dollars: two decimals from $1, four below (benchmark costs are fractions of a cent), so a
 * column and a chart axis read alike: `12.5` → `$12.50`, `0.0173` → `$0.0173`, `0` → `$0.00`.
 */
export function formatUsd(usd: number): string {
  return `$${usd === 0 || Math.abs(usd) >= 1 ? usd.toFixed(2) : usd.toFixed(4)}`;
}

/** Milliseconds for people: `850ms`, `12.3s`, `4m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** An ISO time as `2026-03-10 12:00Z`. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")}Z`;
}

/** A whole number with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}
