import { describe, expect, it } from "vitest";
import { formatChartValue } from "../components/chart-format.js";
import { formatDuration, formatPercent, formatUsd } from "./format.js";

describe("site formats", () => {
  it("writes dollars with four decimals below $1 and two from $1", () => {
    expect([0, 0.0173, 0.29, 0.00004, 12.5].map(formatUsd)).toEqual([
      "$0.00",
      "$0.0173",
      "$0.2900",
      "$0.0000",
      "$12.50",
    ]);
  });

  it("labels chart values exactly as the tables write them", () => {
    expect(formatChartValue(0.0173, "usd")).toBe(formatUsd(0.0173));
    expect(formatChartValue(87.5, "percent")).toBe("87.5%");
    expect(formatPercent(0.875)).toBe("87.5%");
    expect(formatChartValue("x", "usd")).toBe("");
  });

  it("writes durations for people", () => {
    expect([850, 12_340, 245_000].map(formatDuration)).toEqual(["850ms", "12.3s", "4m 05s"]);
  });
});
