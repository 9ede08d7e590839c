import { execFileSync } from "node:child_process";
import {
  ConfigSchema,
  CostTracker,
  createPricing,
  type PipelineTask,
  runTask,
  type TaskResult,
} from "@codeforge/core";
import {
  createScriptedModel,
  createTestStore,
  requireService,
  type ScriptedModel,
  type TestStore,
} from "@codeforge/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CustomProblem, Dataset } from "../datasets/benchmark-problem.js";
import { loadCustomTasks } from "../datasets/load-custom-tasks.js";
import { createHostPythonExecutor } from "../eval/host-python-executor.js";
import { BENCH_SCRIPT_PROBLEM_IDS, BENCH_SCRIPT as SCRIPT } from "../testing/bench-script.js";
import { type BenchmarkRunnerDeps, runBenchmark } from "./run-benchmark.js";
import { selectProblems } from "./select-problems.js";

const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

const RUN = {
  type: "custom",
  dataset: "custom/tasks.json",
  modelConfig: { pinned: "openai/gpt-4o-mini" },
  maxRetries: 3,
  codeforgeVersion: "0.1.0",
  total: 2,
};

describe.skipIf(!python.available)(`runBenchmark ${python.reason}`, () => {
  let store: TestStore;
  let dataset: Dataset;
  const executor = createHostPythonExecutor();
  const config = ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } });

  beforeEach(async () => {
    store = await createTestStore();
    dataset = await loadCustomTasks();
  });
  afterEach(async () => {
    await store.close();
  });

  function deps(
    model: ScriptedModel,
    extra: Partial<BenchmarkRunnerDeps> = {},
  ): BenchmarkRunnerDeps {
    const costTracker = new CostTracker({
      pricing: createPricing(config.pricing),
      baselineModel: config.routing.baselineModel,
    });
    return {
      solve: (task: PipelineTask, signal: AbortSignal): Promise<TaskResult> =>
        runTask(
          {
            config,
            executor,
            model,
            costTracker,
            signal,
            classify: () => ({ complexity: "simple", score: 0.1 }),
          },
          task,
        ),
      evaluator: executor,
      store: store.benchmarks,
      ...extra,
    };
  }

  const problems = () => selectProblems(dataset, { ids: BENCH_SCRIPT_PROBLEM_IDS });

  it("scores the first attempt and the repaired program against the hidden tests and stores both", async () => {
    const model = createScriptedModel(SCRIPT, { id: "openai/gpt-4o-mini" });
    const progress: number[] = [];
    const outcome = await runBenchmark(deps(model, { onProgress: (p) => progress.push(p.done) }), {
      dataset,
      problems: problems(),
      run: { create: RUN },
    });

    expect(outcome.stopReason).toBeNull();
    expect(progress).toEqual([1, 2]);
    expect(outcome.run).toMatchObject({
      status: "completed",
      total: 2,
      passed: 1,
      passedAfterRepair: 2,
      passAt1: 0.5,
      passAt1Repair: 1,
    });
    const byId = (id: string) => outcome.run.results.find((result) => result.problemId === id);
    const merge = byId("alg_merge_intervals");
    const editDistance = byId("alg_edit_distance");
    expect(editDistance).toMatchObject({
      problemId: "alg_edit_distance",
      passed: true,
      passedAfterRepair: true,
      retries: 0,
    });
    expect(merge).toMatchObject({
      problemId: "alg_merge_intervals",
      passed: false,
      passedAfterRepair: true,
      retries: 1,
    });
    expect(merge?.firstCode).toContain("start < merged");
    expect(merge?.finalCode).toContain("start <= merged");
    expect(outcome.run.totalCostUsd).toBeGreaterThan(0);

    // The hidden tests never reached the agent.
    const hidden = (dataset.problems as CustomProblem[]).flatMap(
      (problem) => problem.testAssertions,
    );
    for (const request of model.requests) {
      for (const assertion of hidden) expect(request.prompt).not.toContain(assertion);
    }
    expect(model.requests[2]?.prompt).toContain("edit_distance(a, b)");
  }, 120_000);

  it("leaves an interrupted run consistent, and --resume finishes it without redoing problems", async () => {
    const controller = new AbortController();
    const first = createScriptedModel(SCRIPT.slice(0, 2), { id: "openai/gpt-4o-mini" });
    const interrupted = await runBenchmark(
      deps(first, {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error("Ctrl-C")),
      }),
      { dataset, problems: problems(), run: { create: RUN } },
    );
    expect(interrupted.stopReason).toBe("cancelled");
    expect(interrupted.run).toMatchObject({
      status: "interrupted",
      passed: 0,
      passedAfterRepair: 1,
    });
    expect(interrupted.run.results.map((result) => result.problemId)).toEqual([
      "alg_merge_intervals",
    ]);

    const second = createScriptedModel(SCRIPT.slice(2), { id: "openai/gpt-4o-mini" });
    const progress: [number, number, number][] = [];
    const resumed = await runBenchmark(
      deps(second, { onProgress: (p) => progress.push([p.done, p.passed, p.passedAfterRepair]) }),
      {
        dataset,
        problems: problems(),
        run: { resume: interrupted.run.id },
      },
    );
    expect(resumed.resumedFrom).toBe(1);
    // Running totals include the problem the interrupted run finished.
    expect(progress).toEqual([[2, 1, 2]]);
    expect(second.requests).toHaveLength(1);
    expect(second.requests[0]?.prompt).toContain("edit_distance");
    expect(resumed.run).toMatchObject({
      id: interrupted.run.id,
      status: "completed",
      passed: 1,
      passedAfterRepair: 2,
    });
    await expect(
      runBenchmark(deps(second), {
        dataset,
        problems: problems(),
        run: { resume: interrupted.run.id },
      }),
    ).rejects.toThrow(/already complete/);
  }, 120_000);

  it("stops cleanly once the budget is spent", async () => {
    const model = createScriptedModel(SCRIPT, { id: "openai/gpt-4o-mini" });
    const outcome = await runBenchmark(deps(model), {
      dataset,
      problems: problems(),
      run: { create: RUN },
      budgetUsd: 1e-9,
    });
    expect(outcome.stopReason).toBe("budget_exceeded");
    expect(outcome.run).toMatchObject({ status: "interrupted", stopReason: "budget_exceeded" });
    expect(outcome.run.results).toHaveLength(1);
    expect(model.requests).toHaveLength(2);
  }, 120_000);
});
