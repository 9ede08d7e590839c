import type { ExecutionResult } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { judgeRun } from "./sample-verdict.js";

const RUN: ExecutionResult = {
  exitCode: 0,
  stdout: "",
  stderr: "",
  timedOut: false,
  oomKilled: false,
  durationMs: 5,
  truncated: false,
};

describe("judgeRun", () => {
  it("passes a run that succeeded even when the sandbox also flagged memory", () => {
    const judged = judgeRun(
      { ...RUN, oomKilled: true, stderr: "MemoryError: a message the program printed\n" },
      5,
    );
    expect(judged).toEqual({ verdict: "passed", result: "passed", errorExcerpt: "" });
  });

  it("calls a failed run out of memory only when the sandbox says so", () => {
    expect(judgeRun({ ...RUN, exitCode: 137, oomKilled: true }, 5).result).toBe(
      "failed: out of memory",
    );
    expect(judgeRun({ ...RUN, exitCode: 1, stderr: "ValueError: bad\n" }, 5).result).toBe(
      "failed: ValueError: bad",
    );
  });

  it("never passes a timed-out or blocked run", () => {
    expect(judgeRun({ ...RUN, exitCode: null, timedOut: true }, 5).verdict).toBe("timed_out");
    expect(
      judgeRun({ ...RUN, exitCode: null, blocked: true, blockReason: "os.system" }, 5).result,
    ).toBe("failed: blocked by the static guard (os.system)");
  });
});
