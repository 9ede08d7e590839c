import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPricing } from "../llm/index.js";
import { createSecretRedactor } from "../logging/index.js";
import { createTestStore, type TestStore } from "../store/create-test-store.js";
import { buildSnapshot } from "./build-snapshot.js";
import { parseSnapshot } from "./parse-snapshot.js";
import { SNAPSHOT_SCHEMA_VERSION } from "./snapshot-schema.js";

const pricing = createPricing(
  { models: {}, defaultModel: "gpt-4o" },
  { table: { "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 } } },
);
const now = new Date("2026-03-10T12:00:00Z");

describe("buildSnapshot", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore();
  });
  beforeEach(() => store.reset());
  afterAll(() => store.close());

  const seed = async () => {
    const repaired = await store.tasks.create({
      prompt: "Sum a CSV column; key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 in it",
      source: "app",
      repo: "acme/private-repo",
      issueNumber: 7,
    });
    await store.tasks.addTrace(repaired.id, { agent: "classifier", model: null, durationMs: 1 });
    await store.tasks.addTrace(repaired.id, {
      agent: "coder",
      model: "openai/gpt-4o-mini",
      inputTokens: 1_000_000,
      outputTokens: 0,
      costUsd: 0.15,
      durationMs: 900,
    });
    await store.tasks.addTrace(repaired.id, {
      agent: "reviewer",
      model: "openai/gpt-4o-mini",
      output: {
        root_cause: "off by one",
        error_type: "logic_error",
        fix_description: "start at 0",
        fixed_code: "print(6)",
        confidence: 0.9,
        changes_made: ["range"],
      },
      inputTokens: 0,
      outputTokens: 1_000_000,
      costUsd: 0.6,
      durationMs: 500,
    });
    // As the pipeline records it: the model's reply text, JSON.
    await store.tasks.addTrace(repaired.id, {
      agent: "reviewer",
      model: "openai/gpt-4o-mini",
      output: JSON.stringify({
        root_cause: "wrong separator",
        error_type: "runtime_error",
        fix_description: "split on commas",
        fixed_code: "print(6)",
        confidence: 0.7,
        changes_made: [],
      }),
      durationMs: 400,
    });
    await store.tasks.addExecutionResult(repaired.id, {
      attempt: 1,
      exitCode: 1,
      stderr: "AssertionError",
      durationMs: 100,
    });
    await store.tasks.complete(repaired.id, {
      modelUsed: "openai/gpt-4o-mini",
      finalCode: "print(6)",
      finalOutput: "6\n",
      totalCostUsd: 0.75,
      retryCount: 1,
      prUrl: "https://github.com/acme/private-repo/pull/8",
      prNumber: 8,
      completedAt: now,
    });
    const failed = await store.tasks.create({ prompt: "Parse dates", source: "cli" });
    await store.tasks.fail(failed.id, "retries exhausted", { modelUsed: "ollama/llama3:8b" });

    const run = await store.benchmarks.createRun({
      type: "humaneval",
      dataset: "HumanEval.jsonl.gz",
      modelConfig: { medium: "openai/gpt-4o-mini" },
      maxRetries: 3,
      codeforgeVersion: "0.1.0",
      commandLine: "codeforge bench --type humaneval --limit 2",
      total: 2,
    });
    await store.benchmarks.saveResult(run.id, {
      problemId: "HumanEval/0",
      passed: true,
      passedAfterRepair: true,
      finalCode: "def f(): pass",
      costUsd: 0.01,
      timeMs: 1200,
    });
    await store.benchmarks.saveResult(run.id, {
      problemId: "HumanEval/1",
      passed: false,
      passedAfterRepair: true,
      retries: 1,
      finalCode: "def g(): pass",
      costUsd: 0.02,
      timeMs: 2500,
    });
    await store.benchmarks.finishRun(run.id, { status: "completed" });
    return { repaired, failed, run };
  };

  const build = (options: Partial<Parameters<typeof buildSnapshot>[0]> = {}) =>
    buildSnapshot({
      store,
      pricing,
      baselineModel: "openai/gpt-4o",
      redact: createSecretRedactor(),
      now: new Date(),
      ...options,
    });

  it("holds runs with every problem, tasks with their repairs, and the summaries", async () => {
    const { repaired, run } = await seed();

    const snapshot = await build();

    expect(snapshot.schemaVersion).toBe(SNAPSHOT_SCHEMA_VERSION);
    expect(snapshot.benchmarkRuns).toHaveLength(1);
    expect(snapshot.benchmarkRuns[0]).toMatchObject({
      id: run.id,
      type: "humaneval",
      passed: 1,
      passedAfterRepair: 2,
      passAt1: 0.5,
      passAt1Repair: 1,
      commandLine: "codeforge bench --type humaneval --limit 2",
    });
    expect(snapshot.benchmarkRuns[0]?.results.map((result) => result.problemId)).toEqual([
      "HumanEval/0",
      "HumanEval/1",
    ]);
    expect(snapshot.totalTasks).toBe(2);
    expect(snapshot.tasks.map((task) => task.status)).toEqual(["failed", "completed"]);
    const task = snapshot.tasks.find((found) => found.id === repaired.id);
    expect(task?.repairs).toEqual([
      {
        step: 3,
        model: "openai/gpt-4o-mini",
        rootCause: "off by one",
        errorType: "logic_error",
        fixDescription: "start at 0",
        confidence: 0.9,
        costUsd: 0.6,
        durationMs: 500,
      },
      {
        step: 4,
        model: "openai/gpt-4o-mini",
        rootCause: "wrong separator",
        errorType: "runtime_error",
        fixDescription: "split on commas",
        confidence: 0.7,
        costUsd: 0,
        durationMs: 400,
      },
    ]);
    expect(snapshot.performance.successRate).toBe(0.5);
    expect(snapshot.performance.byStatus).toMatchObject({ completed: 1, failed: 1 });
    expect(snapshot.models.map((share) => share.model)).toEqual([
      "ollama/llama3:8b",
      "openai/gpt-4o-mini",
    ]);
    expect(snapshot.cost.lastWeekCostUsd).toBeCloseTo(0.75);
    // One million input tokens and one million output tokens on gpt-4o: 2.5 + 10.
    expect(snapshot.savings.baselineCostUsd).toBeCloseTo(12.5);
    expect(snapshot.savings.actualCostUsd).toBeCloseTo(0.75);
    expect(snapshot.savings.savingsUsd).toBeCloseTo(11.75);
    // The heuristic classifier's step called no model.
    expect(snapshot.savings.byModel.map((row) => [row.model, row.calls])).toEqual([
      ["openai/gpt-4o-mini", 3],
    ]);
    expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot))).ok).toBe(true);
  });

  it("leaves out code, private names and secrets unless asked", async () => {
    const { repaired } = await seed();

    const plain = await build();
    const task = plain.tasks.find((found) => found.id === repaired.id);
    const text = JSON.stringify(plain);

    expect(task).toMatchObject({ repo: null, issueNumber: null, prNumber: null, prUrl: null });
    expect(task).not.toHaveProperty("finalCode");
    expect(task?.executions[0]).not.toHaveProperty("stderr");
    expect(plain.benchmarkRuns[0]?.results[0]).not.toHaveProperty("finalCode");
    expect(text).not.toContain("acme/private-repo");
    expect(text).not.toContain("print(6)");
    expect(text).not.toContain("sk-proj-abcdefghij");
    expect(task?.prompt).toContain("[REDACTED]");

    const full = await build({ includeCode: true, includePrivate: true });
    const fullTask = full.tasks.find((found) => found.id === repaired.id);
    expect(fullTask).toMatchObject({
      repo: "acme/private-repo",
      issueNumber: 7,
      prNumber: 8,
      finalCode: "print(6)",
      finalOutput: "6\n",
    });
    expect(fullTask?.executions[0]?.stderr).toBe("AssertionError");
    expect(full.benchmarkRuns[0]?.results[1]?.finalCode).toBe("def g(): pass");
  });

  it("keeps the newest tasks up to the limit and counts them all", async () => {
    for (const prompt of ["first", "second", "third"]) await store.tasks.create({ prompt });

    const snapshot = await build({ limitTasks: 2, label: "demo" });

    expect(snapshot.tasks.map((task) => task.prompt)).toEqual(["third", "second"]);
    expect(snapshot.totalTasks).toBe(3);
    expect(snapshot.label).toBe("demo");
  });

  it("keeps only runs and tasks since the given moment", async () => {
    await seed();
    const later = new Date(Date.now() + 60_000);

    const snapshot = await build({ since: later, now: new Date(later.getTime() + 1000) });

    expect(snapshot.tasks).toEqual([]);
    expect(snapshot.totalTasks).toBe(0);
    expect(snapshot.benchmarkRuns).toEqual([]);
    expect(snapshot.options.since).toBe(later.toISOString());
  });
});
