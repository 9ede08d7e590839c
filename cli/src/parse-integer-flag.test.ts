import { UsageError } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { integerFlag, parseIntegerFlag } from "./parse-integer-flag.js";

describe("parseIntegerFlag", () => {
  it("accepts whole numbers in range", () => {
    expect(parseIntegerFlag("--limit", "20", { min: 1 })).toBe(20);
    expect(parseIntegerFlag("--max-retries", "0", { min: 0 })).toBe(0);
    expect(integerFlag("--page", { min: 1, max: 500 })(" 500 ")).toBe(500);
  });

  it.each([
    ["1.5", { min: 1 }, '--n must be a whole number of at least 1, not "1.5"'],
    ["", { min: 1 }, '--n must be a whole number of at least 1, not ""'],
    ["0", { min: 1 }, '--n must be a whole number of at least 1, not "0"'],
    ["1e3", { min: 1 }, '--n must be a whole number of at least 1, not "1e3"'],
    ["0x10", { min: 1 }, '--n must be a whole number of at least 1, not "0x10"'],
    ["501", { min: 1, max: 500 }, '--n must be a whole number between 1 and 500, not "501"'],
  ])("refuses %j with one wording", (value, range, message) => {
    const parse = () => parseIntegerFlag("--n", value, range);
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });
});
