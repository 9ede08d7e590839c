import { describe, expect, it } from "vitest";
import { applyProgressEvent, initialProgress } from "./progress-state.js";
import { PROGRESS_MARKER, renderProgressComment } from "./render-progress-comment.js";
import { repairedRunEvents, sampleResult } from "./test-support/sample-run.js";

describe("renderProgressComment", () => {
  it("shows a running checklist with elapsed time, model, tokens and cost", () => {
    const events = repairedRunEvents().slice(0, 12);
    const state = events.reduce(applyProgressEvent, initialProgress());
    const body = renderProgressComment(state, { task: "Add parse_duration\nmore", now: 1_030_000 });

    expect(body.startsWith(PROGRESS_MARKER)).toBe(true);
    expect(body).toContain("### ⏳ CodeForge is working on this (30.0 s so far)");
    expect(body).toContain("> Add parse_duration\n");
    expect(body).toContain("- ✅ Classify the task and choose a model — medium task");
    expect(body).toContain("- ❌ Run the repository's tests — failed (exit 1)");
    expect(body).toContain("**Model:** `openai/gpt-4o-mini` (routed for a medium task)");
    expect(body).toContain("**Tokens:** 450 · **Cost:** $0.0030");
  });

  it("says why the model was chosen when the router gave its reason", () => {
    const events = repairedRunEvents().map((event) =>
      event.type === "agent.completed" && event.agent === "classifier"
        ? { ...event, reason: "medium task (score 0.45): routed to openai/gpt-4o-mini" }
        : event,
    );
    const state = events.reduce(applyProgressEvent, initialProgress());

    const body = renderProgressComment(state, { task: "Add parse_duration" });

    expect(body).toContain(
      "**Model:** `openai/gpt-4o-mini` (medium task (score 0.45): routed to openai/gpt-4o-mini)",
    );
  });

  it("heads a finished run with done, duration and cost, and links the PR", () => {
    const state = repairedRunEvents().reduce(applyProgressEvent, initialProgress());
    const body = renderProgressComment(state, {
      task: "Add parse_duration",
      pullRequestUrl: "https://github.com/octo/app/pull/9",
    });
    expect(body).toContain("### ✅ Done in 1 min 5 s · $0.0042");
    expect(body).toContain("**Pull request:** https://github.com/octo/app/pull/9");
    expect(body).toContain(
      "- ✅ Repair 1 of 3: diagnose the failure and fix it — minutes were parsed as hours (confidence 0.85)",
    );
    expect(body).not.toContain("Why it stopped");
  });

  it("never reads as a success for a failure: says why and what to do", () => {
    const result = sampleResult({
      status: "failed",
      stopReason: "budget_exceeded",
      errorMessage: "attempt 0: 2 tests failed\nstopped: ```budget``` of $0.01 reached",
    });
    const events = repairedRunEvents(result);
    const last = events.at(-1);
    if (!last) throw new Error("no events");
    const state = [
      ...events.slice(0, -1),
      { ...last, type: "task.failed" as const, result },
    ].reduce(applyProgressEvent, initialProgress());
    const body = renderProgressComment(state, { task: "x", branch: "codeforge/issue-1-x" });

    expect(body).toContain("### ❌ Failed after 1 min 5 s · $0.0042");
    expect(body).not.toContain("✅ Done");
    expect(body).toContain("**Why it stopped:** The run reached its cost or token budget.");
    expect(body).toContain(
      "````text\nattempt 0: 2 tests failed\nstopped: ```budget``` of $0.01 reached\n````",
    );
    expect(body).toContain("The last attempt is on branch `codeforge/issue-1-x`.");
    expect(body).toContain("**What you can do:** Narrow the task");
  });

  it("does not claim done when the tests passed but no PR was opened", () => {
    const state = repairedRunEvents().reduce(applyProgressEvent, initialProgress());
    const body = renderProgressComment(state, { task: "x", notice: "Publishing failed: 403" });
    expect(body).toContain("### ⚠️ The tests passed, but no pull request was opened");
    expect(body).toContain("Publishing failed: 403");
  });
});
