import { formatUsd } from "../lib/format.js";

/** How a chart labels its values; a string, because island props must be plain data. */
export type ChartUnit = "percent" | "usd" | "count";

/** A value as the chart labels it; the tables under the charts use the same text. */
export function formatChartValue(value: unknown, unit: ChartUnit): string {
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(number)) return "";
  if (unit === "percent") return `${number.toFixed(1)}%`;
  if (unit === "usd") return formatUsd(number);
  return String(number);
}
