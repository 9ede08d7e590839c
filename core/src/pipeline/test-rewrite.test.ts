import { describe, expect, it } from "vitest";
import { countAssertions, judgeTestRewrite } from "./test-rewrite.js";

describe("countAssertions", () => {
  it("counts assert statements and assertion calls", () => {
    expect(countAssertions("python", "assert f(1) == 2\nassert f(2) == 3\nx = 'assert'")).toBe(2);
    expect(
      countAssertions("python", "class T:\n    def t(self):\n        self.assertEqual(1, 1)"),
    ).toBe(1);
    expect(countAssertions("node", "assert.strictEqual(f(1), 2);\nassert(f(2));")).toBe(2);
  });
});

describe("judgeTestRewrite", () => {
  it("refuses fewer assertions, accepts as many or more, ignores no rewrite", () => {
    const current = "assert f(1) == 2\nassert f(2) == 3";
    expect(judgeTestRewrite("python", current, null)).toBeUndefined();
    expect(judgeTestRewrite("python", current, `${current}\n`)).toBeUndefined();
    expect(judgeTestRewrite("python", current, "assert f(1) == 2")?.accepted).toBe(false);
    expect(judgeTestRewrite("python", current, "assert f(1) == 2\nassert f(3) == 4")).toMatchObject(
      { accepted: true, previousAssertions: 2, assertions: 2 },
    );
  });
});
