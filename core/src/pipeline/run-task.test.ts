import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../config/index.js";
import { CostTracker } from "../llm/cost/index.js";
import { createPricing } from "../llm/pricing/index.js";
import { createRouter } from "../llm/routing/index.js";
import { passingRun } from "../testing/passing-run.js";
import { createScriptedModel } from "../testing/scripted-model.js";
import { runTask } from "./run-task.js";
import { TESTS_UNFINISHED_LINE } from "./test-program.js";
import {
  BUGGY,
  coded,
  FAILURE,
  FIXED,
  reviewed,
  setup,
  TASK,
  TESTS,
} from "./test-support/run-task-fixtures.js";

describe("runTask", () => {
  it("completes at retry 0 when the first program passes, with one model call for a simple task", async () => {
    const { model, executor, events, deps } = setup([coded(FIXED)], [passingRun("ok\n")]);

    const result = await runTask(deps, { prompt: TASK });

    expect(result).toMatchObject({
      status: "completed",
      stopReason: "completed",
      complexity: "simple",
      modelUsed: "openai/gpt-4o-mini",
      retryCount: 0,
      finalTests: TESTS,
      finalOutput: "ok\n",
      errorMessage: null,
    });
    expect(result.finalCode).toContain("return a + b");
    expect(result.plan?.subtasks).toHaveLength(1);
    expect(model.requests).toHaveLength(1);
    expect(executor.specs).toHaveLength(1);
    expect(Object.values(executor.specs[0]?.files ?? {})).toContain(FIXED);
    expect(executor.specs[0]?.guardedSource).toContain(FIXED.trim());
    expect(executor.specs[0]?.guardedSource).toContain(TESTS);
    const statuses = events.flatMap((event) => (event.type === "status.changed" ? [event.to] : []));
    expect(statuses).toEqual(["classifying", "planning", "coding", "executing", "completed"]);
    expect(events.map((event) => event.sequence)).toEqual(events.map((_, index) => index + 1));
    expect(events.at(0)?.type).toBe("task.started");
    expect(events.at(-1)?.type).toBe("task.completed");
    expect(
      events.some((event) => event.type === "execution.output" && event.chunk === "ok\n"),
    ).toBe(true);
  });

  it("takes the model and the complexity from the router when no model is pinned", async () => {
    const { model, deps } = setup([coded(FIXED)], [passingRun("ok\n")]);
    const routed: string[] = [];
    const router = {
      route: async (prompt: string) => {
        routed.push(prompt);
        return {
          model,
          complexity: { level: "simple" as const, score: 0.12 },
          reason: "simple → openai/gpt-4o-mini",
        };
      },
    };
    const { model: _pinned, classify: _classify, ...rest } = deps;

    const result = await runTask({ ...rest, router }, { prompt: TASK });

    expect(routed).toEqual([TASK]);
    expect(result.complexity).toBe("simple");
    expect(result.modelUsed).toBe("openai/gpt-4o-mini");
  });

  it("accepts the routing layer's router and rates a pinned model's task with the heuristic", async () => {
    const { deps } = setup(
      [
        {
          object: {
            reasoning: "r",
            subtasks: [
              { id: 1, description: "all", dependencies: [], estimated_complexity: "hard" },
            ],
          },
        },
        coded(FIXED),
      ],
      [passingRun("ok\n")],
    );
    const { classify: _classify, ...rest } = deps;
    const prompt =
      "Implement a distributed, concurrent web crawler with a thread pool, rate limiting per domain, robots.txt handling, retries with exponential backoff and persistence of the crawl frontier to a database.";

    const result = await runTask(rest, { prompt });

    expect(result.complexity).not.toBe("simple");
    expect(result.plan?.subtasks).toHaveLength(1);
  });

  it("classifies with the pinned model when routing.llmClassifier is on, counting its tokens", async () => {
    const { model, deps, events } = setup(
      [{ object: { level: "simple", confidence: 0.9, reasoning: "one function" } }, coded(FIXED)],
      [passingRun("ok\n")],
      { routing: { llmClassifier: true } },
    );
    const { classify: _classify, ...rest } = deps;

    const result = await runTask(rest, { prompt: TASK });

    expect(result.complexity).toBe("simple");
    expect(model.requests[0]?.prompt).toContain("You classify programming tasks");
    const classifier = events.find(
      (event) => event.type === "agent.completed" && event.agent === "classifier",
    );
    expect(classifier).toMatchObject({ calls: 1 });
    const counted = model.requests.reduce(
      (sum, request) => sum + request.inputTokens + request.outputTokens,
      0,
    );
    expect(result.totalTokens).toBe(counted);
  });

  it("counts and prices the router's own LLM classifier call like every other model call", async () => {
    const { model, deps, events } = setup([coded(FIXED)], [passingRun("ok\n")], {
      routing: { llmClassifier: true },
      providers: { openai: { apiKey: "sk-test" } },
    });
    const classifier = createScriptedModel(
      [{ object: { level: "simple", confidence: 0.9, reasoning: "one function" } }],
      { id: "openai/gpt-4o-mini" },
    );
    const router = createRouter({
      config: deps.config,
      createModel: () => model,
      classifierModel: classifier,
      isOllamaReachable: async () => false,
    });
    const config = ConfigSchema.parse({});
    const costTracker = new CostTracker({
      pricing: createPricing(config.pricing),
      baselineModel: config.routing.baselineModel,
    });
    const { model: _pinned, classify: _classify, ...rest } = deps;

    const result = await runTask({ ...rest, router, costTracker }, { prompt: TASK });

    expect(classifier.requests).toHaveLength(1);
    const step = events.find(
      (event) => event.type === "agent.completed" && event.agent === "classifier",
    );
    expect(step).toMatchObject({ calls: 1 });
    const counted = [...classifier.requests, ...model.requests].reduce(
      (sum, request) => sum + request.inputTokens + request.outputTokens,
      0,
    );
    expect(result.totalTokens).toBe(counted);
    expect(costTracker.summary().byAgent.classifier?.costUsd ?? 0).toBeGreaterThan(0);
  });

  it("repairs a failing program on the first retry", async () => {
    const { model, events, deps } = setup(
      [coded(BUGGY), reviewed(FIXED, 0.9)],
      [FAILURE, passingRun("ok\n")],
    );

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("completed");
    expect(result.retryCount).toBe(1);
    expect(result.finalCode).toBe(FIXED);
    expect(result.attempts.map((attempt) => attempt.passed)).toEqual([false, true]);
    expect(result.attempts[0]?.review?.root_cause).toBe("subtracts instead of adding");
    const reviewerPrompt = model.requests[1]?.prompt ?? "";
    expect(reviewerPrompt).toContain("Attempt 1 of 4 failed: exit code 1");
    expect(reviewerPrompt).toContain("AssertionError");
    expect(reviewerPrompt).toContain("return a - b");
    const fix = events.find((event) => event.type === "repair.fix_applied");
    expect(fix).toMatchObject({
      retry: 1,
      previousCode: expect.stringContaining("a - b"),
      code: FIXED,
    });
  });

  it("fails with retryCount = maxRetries when every repair fails, with the error trail of all attempts", async () => {
    const { deps } = setup(
      [coded(BUGGY), reviewed(BUGGY, 0.9), reviewed(BUGGY, 0.8)],
      [FAILURE, FAILURE, FAILURE],
      { repair: { maxRetries: 2 } },
    );

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("retries_exhausted");
    expect(result.retryCount).toBe(2);
    expect(result.attempts).toHaveLength(3);
    expect(result.errorMessage).toContain("attempt 1: exit code 1: AssertionError");
    expect(result.errorMessage).toContain("attempt 3: exit code 1: AssertionError");
    expect(result.errorMessage).toContain("retries exhausted (2 of 2 repairs used)");
  });

  it("stops at the review for repair 2 when its confidence is below the threshold, without applying it", async () => {
    const { model, executor, events, deps } = setup(
      [coded(BUGGY), reviewed(BUGGY, 0.9), reviewed(FIXED, 0.2)],
      [FAILURE, FAILURE],
      { repair: { maxRetries: 5 } },
    );

    const result = await runTask(deps, { prompt: TASK });

    expect(result.stopReason).toBe("low_confidence");
    expect(result.retryCount).toBe(1);
    expect(executor.specs).toHaveLength(2);
    expect(model.remaining()).toBe(0);
    expect(result.finalCode).toBe(BUGGY);
    expect(result.attempts.at(-1)?.review?.confidence).toBe(0.2);
    expect(
      events.filter((event) => event.type === "repair.fix_applied").map((event) => event.retry),
    ).toEqual([1]);
    expect(result.errorMessage).toContain(
      "the reviewer's confidence 0.2 for repair 2 is below 0.3: stopping early rather than guessing",
    );
  });

  it("fails a run that exits 0 before its tests ran, strips the marker from the output", async () => {
    const EARLY_EXIT = `import sys\n\n${BUGGY.replace("print(add(2, 3))", "sys.exit(0)")}`;
    const { executor, deps } = setup(
      [coded(EARLY_EXIT), reviewed(FIXED, 0.9)],
      // What the sandbox gives: the runner's exit 1 and unfinished line (the program's
      // process ended with exit 0 before the tests ran).
      [{ exitCode: 1, stdout: `\n${TESTS_UNFINISHED_LINE}\n` }, passingRun("5\n")],
    );

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("completed");
    expect(result.retryCount).toBe(1);
    expect(result.attempts[0]?.passed).toBe(false);
    expect(result.attempts[0]?.execution.stderr).toContain(
      "exited with code 0 before all tests ran",
    );
    const markers = executor.specs.map((spec) => spec.stdin?.trim() ?? "");
    expect(markers[0]).toMatch(/^codeforge-run-passed-[0-9a-f]{32}$/);
    expect(markers[1]).not.toBe(markers[0]);
    for (const [index, spec] of executor.specs.entries()) {
      expect(spec.code).not.toContain(markers[index]);
    }
    expect(result.finalOutput).toBe("5\n");
  });

  it("asks the coder again for main() and its guard, except for a benchmark's function", async () => {
    const functionOnly = 'def add(a: int, b: int) -> int:\n    """Sum."""\n    return a + b\n';
    const program = setup([coded(functionOnly), coded(FIXED)], [passingRun("5\n")]);
    const benchmark = setup([coded(functionOnly)], [passingRun("")]);

    const asked = await runTask(program.deps, { prompt: TASK });
    const bench = await runTask(benchmark.deps, { prompt: TASK, source: "benchmark" });

    expect(asked.status).toBe("completed");
    expect(program.model.requests).toHaveLength(2);
    expect(asked.finalCode).toContain('if __name__ == "__main__":');
    expect(bench.status).toBe("completed");
    expect(benchmark.model.requests).toHaveLength(1);
  });

  it("does not stop on low confidence before retry 2", async () => {
    const { deps } = setup([coded(BUGGY), reviewed(FIXED, 0.1)], [FAILURE, passingRun("ok\n")]);

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("completed");
  });
});
