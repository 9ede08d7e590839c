import { describe, expect, it } from "vitest";
import { branchName, DEFAULT_BRANCH_TEMPLATE } from "./branch-name.js";

describe("branchName", () => {
  it("fills the default template with the number and a slug of the title", () => {
    expect(
      branchName(DEFAULT_BRANCH_TEMPLATE, { number: 7, title: "Parse dates: ISO 8601!" }),
    ).toBe("codeforge/issue-7-parse-dates-iso-8601");
  });

  it("cuts long titles and falls back to `task` for a title with no letters", () => {
    const long = branchName(DEFAULT_BRANCH_TEMPLATE, { number: 1, title: "a ".repeat(60) });
    expect(long.length).toBeLessThanOrEqual("codeforge/issue-1-".length + 40);
    expect(long.endsWith("-")).toBe(false);
    expect(branchName(DEFAULT_BRANCH_TEMPLATE, { number: 2, title: "!!!" })).toBe(
      "codeforge/issue-2-task",
    );
  });

  it("makes a template's own characters safe for a git ref", () => {
    expect(branchName("bot/{number} fix..{slug}.lock", { number: 3, title: "x" })).toBe(
      "bot/3-fix.x",
    );
  });
});
