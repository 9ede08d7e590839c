import { describe, expect, it } from "vitest";
import { applyProgressEvent, initialProgress } from "./progress-state.js";
import { repairedRunEvents } from "./test-support/sample-run.js";

describe("applyProgressEvent", () => {
  it("folds a repaired run into the checklist, tokens, cost and outcome", () => {
    const events = repairedRunEvents();
    const state = events.reduce(applyProgressEvent, initialProgress());

    expect(state.steps.map((step) => [step.id, step.state, step.note])).toEqual([
      ["classify", "done", "medium task"],
      ["baseline", "done", "3 tests passed before any change"],
      ["plan", "done", undefined],
      ["code", "done", undefined],
      ["test", "failed", "failed (exit 1)"],
      ["repair-1", "done", "minutes were parsed as hours (confidence 0.85)"],
      ["test-1", "done", "passed"],
    ]);
    expect(state.model).toBe("openai/gpt-4o-mini");
    expect(state.inputTokens).toBe(400);
    expect(state.outcome).toMatchObject({ status: "completed", stopReason: "completed" });
  });

  it("keeps the coder running until the last plan step and leaves earlier states unchanged", () => {
    const events = repairedRunEvents();
    const afterFirstStep = events.slice(0, 8).reduce(applyProgressEvent, initialProgress());
    expect(afterFirstStep.steps.find((step) => step.id === "code")?.state).toBe("running");
    const before = initialProgress();
    applyProgressEvent(before, events[1] as (typeof events)[number]);
    expect(before.steps[0]?.state).toBe("pending");
  });

  it("marks a step still running as failed when the run ends", () => {
    const events = repairedRunEvents();
    const last = events.at(-1);
    if (last?.type !== "task.completed") throw new Error("expected the completed event");
    const failed = {
      ...last,
      type: "task.failed" as const,
      result: { ...last.result, status: "failed" as const, stopReason: "cancelled" as const },
    };
    const state = [...events.slice(0, 11), failed].reduce(applyProgressEvent, initialProgress());
    expect(state.steps.find((step) => step.id === "test")?.state).toBe("failed");
    expect(state.outcome?.stopReason).toBe("cancelled");
  });
});
