import { describe, expect, it } from "vitest";
import { formatDuration, formatTokens, formatUsd } from "./format.js";

describe("format", () => {
  it("shows USD with the digits a sub-cent call needs, or four fixed decimals for a column", () => {
    expect([formatUsd(0), formatUsd(0.00042), formatUsd(1.234)]).toEqual([
      "$0",
      "$0.0004",
      "$1.23",
    ]);
    expect([
      formatUsd(0, { fixedDecimals: true }),
      formatUsd(0.0123, { fixedDecimals: true }),
      formatUsd(1.2, { fixedDecimals: true }),
    ]).toEqual(["$0.0000", "$0.0123", "$1.2000"]);
  });

  it("never shows a paid step as $0.0000: below a hundredth of a cent it prints <$0.0001", () => {
    expect([
      formatUsd(0.0000123),
      formatUsd(0.00004999),
      formatUsd(0.0000123, { fixedDecimals: true }),
      formatUsd(0.0001),
      formatUsd(0.00042),
    ]).toEqual(["<$0.0001", "<$0.0001", "<$0.0001", "$0.0001", "$0.0004"]);
  });

  it("shows durations and token counts", () => {
    expect([formatDuration(850), formatDuration(12_340), formatDuration(245_000)]).toEqual([
      "850ms",
      "12.3s",
      "4m 05s",
    ]);
    expect(formatTokens(1034)).toBe("1,034 tokens");
  });
});
