import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../config/index.js";
import { createTestStore, type TestStore } from "../store/create-test-store.js";
import { createFakeExecutor } from "../testing/fake-executor.js";
import { passingRun } from "../testing/passing-run.js";
import { createScriptedModel } from "../testing/scripted-model.js";
import type { PipelineEvent } from "./pipeline-events.js";
import type { PipelineTaskStore } from "./pipeline-store.js";
import { type RunTaskDeps, runTask } from "./run-task.js";

const TASK = "Write a function add(a, b) that returns the sum. Example: add(2, 3) == 5";
const BUGGY =
  'def add(a: int, b: int) -> int:\n    return a - b\n\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';
const FIXED =
  'def add(a: int, b: int) -> int:\n    return a + b\n\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterEach(() => store.reset());
afterAll(() => store.close());

function deps(
  replies: Parameters<typeof createScriptedModel>[0],
  runs: Parameters<typeof createFakeExecutor>[0],
) {
  let time = 0;
  const statuses: string[] = [];
  const tasks = store.tasks;
  const recording: RunTaskDeps = {
    config: ConfigSchema.parse({ repair: { backoffBaseSeconds: 0, maxRetries: 2 } }),
    model: createScriptedModel(replies, { id: "openai/gpt-4o-mini" }),
    executor: createFakeExecutor(runs),
    syntaxChecker: { check: async () => ({ valid: true, errors: [], checked: true }) },
    classify: () => ({ complexity: "simple" }),
    clock: { now: () => (time += 7), sleep: async () => {} },
    store: {
      create: (task) => tasks.create(task),
      addTrace: (id, trace) => tasks.addTrace(id, trace),
      addExecutionResult: (id, result) => tasks.addExecutionResult(id, result),
      finish: (id, status, outcome) => tasks.finish(id, status, outcome),
      async updateStatus(id, status, progress) {
        // The row must say the same as the pipeline at every step.
        const row = await tasks.updateStatus(id, status, progress);
        statuses.push(row.status);
        return row;
      },
    },
  };
  return { recording, statuses };
}

const review = (fixed: string, confidence: number) => ({
  object: {
    root_cause: "subtracts",
    error_type: "logic_error",
    fix_description: "add",
    fixed_code: fixed,
    fixed_tests: null,
    confidence,
    changes_made: ["-/+"],
  },
});
const coded = {
  object: { code: BUGGY, tests: "assert add(2, 3) == 5", imports: [], explanation: "adds" },
};
const failing = { exitCode: 1, stderr: "AssertionError\n", durationMs: 30 };

describe("runTask with the store", () => {
  it("keeps the task row truthful and its traces and runs matching the result", async () => {
    const { recording, statuses } = deps(
      [coded, review(FIXED, 0.9)],
      [failing, passingRun("ok\n", { durationMs: 20 })],
    );

    const result = await runTask(recording, { prompt: TASK, source: "benchmark" });

    const detail = await store.tasks.get(result.taskId);
    expect(statuses).toEqual([
      "classifying",
      "planning",
      "coding",
      "executing",
      "reviewing",
      "repairing",
      "executing",
    ]);
    expect(detail).toMatchObject({
      prompt: TASK,
      source: "benchmark",
      status: "completed",
      complexity: "simple",
      language: "python",
      modelUsed: "openai/gpt-4o-mini",
      finalCode: result.finalCode,
      finalTests: result.finalTests,
      finalOutput: "ok\n",
      retryCount: 1,
      totalTokens: result.totalTokens,
      totalTimeMs: result.totalTimeMs,
      errorMessage: null,
    });
    expect(detail?.plan).toEqual(result.plan);
    expect(detail?.completedAt).toBeInstanceOf(Date);
    expect(detail?.traces.map((trace) => trace.agent)).toEqual([
      "classifier",
      "planner",
      "coder",
      "reviewer",
    ]);
    expect(detail?.traces.map((trace) => trace.stepOrder)).toEqual([1, 2, 3, 4]);
    const modelTraces = detail?.traces.filter((trace) => trace.inputTokens > 0) ?? [];
    expect(modelTraces.every((trace) => trace.durationMs > 0)).toBe(true);
    expect(
      modelTraces.reduce((sum, trace) => sum + trace.inputTokens + trace.outputTokens, 0),
    ).toBe(result.totalTokens);
    expect(detail?.traces[3]?.reasoning).toBe("subtracts");
    expect(detail?.executionResults.map((row) => [row.attempt, row.exitCode, row.code])).toEqual([
      [0, 1, BUGGY],
      [1, 0, FIXED],
    ]);
  });

  it("records a failed task with the error trail when repairs run out", async () => {
    const { recording } = deps(
      [coded, review(BUGGY, 0.9), review(BUGGY, 0.9)],
      [failing, failing, failing],
    );

    const result = await runTask(recording, { prompt: TASK });

    const detail = await store.tasks.get(result.taskId);
    expect(detail?.status).toBe("failed");
    expect(detail?.retryCount).toBe(2);
    expect(detail?.errorMessage).toBe(result.errorMessage);
    expect(detail?.errorMessage).toContain("retries exhausted (2 of 2 repairs used)");
    expect(detail?.executionResults).toHaveLength(3);
  });

  it("refuses a reviewer's test rewrite with fewer assertions, keeps the old tests, notes it", async () => {
    const weaker = { ...review(FIXED, 0.9).object, fixed_tests: "print(add(2, 3))" };
    const { recording } = deps([coded, { object: weaker }], [failing, passingRun("5\n")]);
    const events: PipelineEvent[] = [];

    const result = await runTask(
      { ...recording, onEvent: (event) => events.push(event) },
      { prompt: TASK },
    );

    expect(result.finalTests).toBe("assert add(2, 3) == 5");
    const detail = await store.tasks.get(result.taskId);
    expect(detail?.executionResults.map((row) => row.tests)).toEqual([
      "assert add(2, 3) == 5",
      "assert add(2, 3) == 5",
    ]);
    expect(detail?.traces.at(-1)?.reasoning).toContain(
      "the reviewer's rewrite of the tests was refused: 0 assertions instead of 1",
    );
    const applied = events.find((event) => event.type === "repair.fix_applied");
    expect(applied).toMatchObject({
      testsChange: { accepted: false, previousAssertions: 1, assertions: 0 },
    });
  });

  it("takes a rewrite that asserts at least as much, on the trace and in the repair event", async () => {
    const stronger = "assert add(2, 3) == 5\nassert add(-1, 1) == 0";
    const rewrite = { ...review(FIXED, 0.9).object, fixed_tests: stronger };
    const { recording } = deps([coded, { object: rewrite }], [failing, passingRun("5\n")]);
    const events: PipelineEvent[] = [];

    const result = await runTask(
      { ...recording, onEvent: (event) => events.push(event) },
      { prompt: TASK },
    );

    expect(result.finalTests).toBe(stronger);
    const detail = await store.tasks.get(result.taskId);
    expect(detail?.traces.at(-1)?.reasoning).toBe(
      "subtracts · the reviewer rewrote the tests (1 → 2 assertions)",
    );
    expect(events.find((event) => event.type === "repair.fix_applied")).toMatchObject({
      testsChange: { accepted: true, previousAssertions: 1, assertions: 2 },
    });
  });

  it("marks the task failed once and rethrows when recording its end fails", async () => {
    const { recording } = deps([coded, review(FIXED, 0.9)], [failing, passingRun("5\n")]);
    const finishes: string[] = [];
    const events: PipelineEvent[] = [];
    const base = recording.store as PipelineTaskStore;
    const failingStore: PipelineTaskStore = {
      ...base,
      async finish(id, status, outcome) {
        finishes.push(status);
        if (finishes.length === 1) throw new Error("connection reset");
        return base.finish(id, status, outcome);
      },
    };

    const running = runTask(
      { ...recording, store: failingStore, onEvent: (event) => events.push(event) },
      { prompt: TASK },
    );

    await expect(running).rejects.toThrow("connection reset");
    expect(finishes).toEqual(["completed", "failed"]);
    const row = await store.tasks.get(events[0]?.taskId ?? "");
    expect(row?.status).toBe("failed");
    expect(row?.errorMessage).toContain("recording the completed result failed: connection reset");
    const ends = events.filter(
      (event) => event.type === "task.completed" || event.type === "task.failed",
    );
    expect(ends).toEqual([]);
    expect(events.filter((event) => event.type === "status.changed").at(-1)).toMatchObject({
      to: "failed",
    });
  });
});
