import type { PipelineEvent } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { captureContext } from "../test-support/capture-context.js";
import { createProgressRenderer } from "./progress-renderer.js";

const base = { taskId: "0123456789abcdef", at: 0 };
const step = (ok: boolean, sequence: number): PipelineEvent => ({
  ...base,
  sequence,
  type: "agent.completed",
  agent: "coder",
  detail: "step 1 of 1",
  durationMs: 12,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  model: "openai/gpt-4o-mini",
  calls: 0,
  ok,
  ...(ok ? {} : { error: "cancelled" }),
});

describe("createProgressRenderer and a failed step", () => {
  it("shows a failed step with ✗ and its error on a terminal, FAIL in plain text", () => {
    for (const [tty, fail, pass] of [
      [true, "✗", "✓"],
      [false, "FAIL", "ok"],
    ] as const) {
      const context = captureContext();
      const render = createProgressRenderer({ stream: context.stdout, tty });
      render({
        ...base,
        sequence: 1,
        type: "agent.started",
        agent: "coder",
        detail: "step 1 of 1",
      });
      render(step(false, 2));
      render(step(true, 3));
      const lines = context.output().split("\n");
      const failedLine = lines.find((line) => line.includes("failed: cancelled")) ?? "";
      expect(failedLine).toContain(fail);
      expect(failedLine).not.toContain(pass);
      expect(lines.some((line) => line.includes(pass) && !line.includes("failed"))).toBe(true);
    }
  });
});
