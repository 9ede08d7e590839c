import type { ExecutionResult } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { judgeRun } from "./sample-verdict.js";

const MARKER = "codeforge-checks-passed-0123456789abcdef0123456789abcdef";
const OPTIONS = { timeoutSeconds: 5, passMarker: MARKER };
const RUN: ExecutionResult = {
  exitCode: 0,
  stdout: `${MARKER}\n`,
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
      OPTIONS,
    );
    expect(judged).toEqual({ verdict: "passed", result: "passed", errorExcerpt: "" });
  });

  it("calls a failed run out of memory only when the sandbox says so", () => {
    expect(judgeRun({ ...RUN, exitCode: 137, oomKilled: true }, OPTIONS).result).toBe(
      "failed: out of memory",
    );
    expect(judgeRun({ ...RUN, exitCode: 1, stderr: "ValueError: bad\n" }, OPTIONS).result).toBe(
      "failed: ValueError: bad",
    );
  });

  it("fails exit code 0 without the marker as stdout's last line", () => {
    for (const stdout of ["", "checks?\n", `${MARKER}\nmore\n`, `${MARKER}x\n`]) {
      expect(judgeRun({ ...RUN, stdout }, OPTIONS).result).toBe(
        "failed: the program exited before its checks finished (exit code 0, checks not completed)",
      );
    }
    expect(judgeRun({ ...RUN, stdout: `noise${MARKER}\n` }, OPTIONS).verdict).toBe("failed");
    expect(judgeRun({ ...RUN, stdout: `noise\n${MARKER}\n` }, OPTIONS).verdict).toBe("passed");
  });

  it("never passes a timed-out or blocked run", () => {
    expect(judgeRun({ ...RUN, exitCode: null, timedOut: true }, OPTIONS).verdict).toBe("timed_out");
    expect(
      judgeRun({ ...RUN, exitCode: null, blocked: true, blockReason: "os.system" }, OPTIONS).result,
    ).toBe("failed: blocked by the static guard (os.system)");
  });
});
