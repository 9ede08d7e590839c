import { describe, expect, it } from "vitest";
import { passAtK, summarizePassAtK, tallyByTask } from "./pass-at-k.js";

describe("passAtK", () => {
  it("matches values computed by hand from 1 - C(n-c, k) / C(n, k)", () => {
    // n=10, c=3, k=1: 1 - 7/10
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    // n=10, c=3, k=2: 1 - C(7,2)/C(10,2) = 1 - 21/45 = 24/45
    expect(passAtK(10, 3, 2)).toBeCloseTo(24 / 45, 12);
    // n=5, c=2, k=3: 1 - C(3,3)/C(5,3) = 1 - 1/10
    expect(passAtK(5, 2, 3)).toBeCloseTo(0.9, 12);
    // n=200, c=1, k=100: 1 - C(199,100)/C(200,100) = 1 - 100/200
    expect(passAtK(200, 1, 100)).toBeCloseTo(0.5, 12);
    // n=4, c=1, k=2: 1 - C(3,2)/C(4,2) = 1 - 3/6
    expect(passAtK(4, 1, 2)).toBeCloseTo(0.5, 12);
  });

  it("is 1 when every draw of k must include a correct sample, and 0 when none is correct", () => {
    expect(passAtK(5, 1, 5)).toBe(1);
    expect(passAtK(10, 8, 3)).toBe(1);
    expect(passAtK(10, 0, 5)).toBe(0);
  });

  it("refuses k above n and counts that make no sense", () => {
    expect(() => passAtK(3, 1, 4)).toThrow(RangeError);
    expect(() => passAtK(3, 4, 1)).toThrow(/0 <= c <= n/);
    expect(() => passAtK(3, 1, 1.5)).toThrow(/whole numbers/);
  });
});

describe("summarizePassAtK", () => {
  it("averages over tasks and skips a k some task has too few samples for", () => {
    const tallies = tallyByTask([
      { problemId: "a", passed: true },
      { problemId: "a", passed: false },
      { problemId: "b", passed: false },
      { problemId: "b", passed: false },
      { problemId: "a", passed: false },
      { problemId: "b", passed: true },
      { problemId: "b", passed: true },
    ]);
    expect(tallies).toEqual([
      { taskId: "a", n: 3, c: 1 },
      { taskId: "b", n: 4, c: 2 },
    ]);
    const summary = summarizePassAtK(tallies, [10, 1, 3, 1]);
    // pass@1: (1/3 + 2/4) / 2; pass@3: (1 + 1 - C(2,3)/C(4,3)=1) / 2 ... a: n-c=2<3 → 1; b: 1 - 0/4 = 1
    expect(summary.passAtK.get(1)).toBeCloseTo((1 / 3 + 1 / 2) / 2, 12);
    expect(summary.passAtK.get(3)).toBe(1);
    expect(summary.skipped).toEqual([10]);
    expect(summary).toMatchObject({ tasks: 2, samples: 7, passedSamples: 3 });
  });
});
