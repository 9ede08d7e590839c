import { afterEach, describe, expect, it, vi } from "vitest";
import type { SyntaxChecker } from "../agents/index.js";
import { type ConfigInput, ConfigSchema } from "../config/index.js";
import { CostTracker } from "../llm/cost/index.js";
import type { LanguageModel } from "../llm/index.js";
import { createPricing } from "../llm/pricing/index.js";
import { createRouter } from "../llm/routing/index.js";
import { createFakeExecutor } from "../testing/fake-executor.js";
import { passingRun } from "../testing/passing-run.js";
import { createScriptedModel, type ScriptedReply } from "../testing/scripted-model.js";
import type { Clock } from "./clock.js";
import type { PipelineEvent } from "./pipeline-events.js";
import { type RunTaskDeps, runTask } from "./run-task.js";

const TASK =
  "Write a function add(a, b) that returns the sum of two integers. Example: add(2, 3) == 5";
const MAIN =
  '\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';
const BUGGY = `def add(a: int, b: int) -> int:\n    """Sum."""\n    return a - b\n${MAIN}`;
const FIXED = `def add(a: int, b: int) -> int:\n    """Sum."""\n    return a + b\n${MAIN}`;
const TESTS = "assert add(2, 3) == 5";
const FAILURE = {
  exitCode: 1,
  stderr:
    'Traceback (most recent call last):\n  File "main.py", line 6, in <module>\nAssertionError\n',
};

function coded(code: string, tests = TESTS): ScriptedReply {
  return { object: { code, tests, imports: [], explanation: "adds two numbers" } };
}

function reviewed(fixed: string, confidence: number): ScriptedReply {
  return {
    object: {
      root_cause: "subtracts instead of adding",
      error_type: "logic_error",
      fix_description: "use +",
      fixed_code: fixed,
      fixed_tests: null,
      confidence,
      changes_made: ["- became +"],
    },
  };
}

const acceptAll: SyntaxChecker = {
  check: async () => ({ valid: true, errors: [], checked: true }),
};

function fakeClock(): Clock & { sleeps: number[] } {
  let time = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => {
      time += 5;
      return time;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}

function setup(
  replies: ScriptedReply[],
  runs: Parameters<typeof createFakeExecutor>[0],
  config: ConfigInput = {},
) {
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  const executor = createFakeExecutor(runs);
  const events: PipelineEvent[] = [];
  const clock = fakeClock();
  const parsed = ConfigSchema.parse({
    ...config,
    repair: { backoffBaseSeconds: 0, ...(config.repair ?? {}) },
  });
  const deps: RunTaskDeps = {
    config: parsed,
    model,
    executor,
    syntaxChecker: acceptAll,
    clock,
    classify: () => ({ complexity: "simple", score: 0.1 }),
    onEvent: (event) => events.push(event),
  };
  return { model, executor, events, clock, deps };
}

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
    expect(executor.specs[0]?.code).toContain(FIXED.trim());
    expect(executor.specs[0]?.code).toContain(TESTS);
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
      // What the sandbox gives: exit 0, nothing on stdout (the exit skipped the tests).
      [{ exitCode: 0, stdout: "" }, passingRun("5\n")],
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

  it("waits 2^(retry-1) × backoffBaseSeconds between repairs on the injected clock", async () => {
    const { clock, deps } = setup(
      [coded(BUGGY), reviewed(BUGGY, 0.9), reviewed(FIXED, 0.9)],
      [FAILURE, FAILURE, passingRun("ok\n")],
      { repair: { backoffBaseSeconds: 1.5 } },
    );

    await runTask(deps, { prompt: TASK });

    expect(clock.sleeps).toEqual([1_500, 3_000]);
  });

  it("accumulates tokens and cost across retries, priced by the cost tracker", async () => {
    const { model, deps, events } = setup(
      [coded(BUGGY), reviewed(FIXED, 0.9)],
      [FAILURE, passingRun("ok\n")],
    );
    const config = ConfigSchema.parse({});
    const tracker = new CostTracker({
      pricing: createPricing(config.pricing),
      baselineModel: config.routing.baselineModel,
    });

    const result = await runTask({ ...deps, costTracker: tracker }, { prompt: TASK });

    const counted = model.requests.reduce(
      (sum, request) => sum + request.inputTokens + request.outputTokens,
      0,
    );
    expect(result.totalTokens).toBe(counted);
    expect(result.totalCostUsd).toBeGreaterThan(0);
    expect(result.totalCostUsd).toBeCloseTo(tracker.summary().totalCostUsd, 12);
    const agentCosts = events.flatMap((event) =>
      event.type === "agent.completed" ? [event.costUsd] : [],
    );
    expect(agentCosts.reduce((sum, cost) => sum + cost, 0)).toBeCloseTo(result.totalCostUsd, 12);
  });

  it("stops cleanly when the token budget is exceeded, before running anything", async () => {
    const { executor, deps } = setup([coded(FIXED)], [passingRun("ok\n")], {
      budgets: { maxTokens: 50 },
    });

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("budget_exceeded");
    expect(result.errorMessage).toContain("token budget of 50 exceeded");
    expect(executor.specs).toHaveLength(0);
  });

  it("stops cleanly when the cost budget is exceeded, keeping the trace of the call that passed it", async () => {
    const { executor, deps } = setup([coded(BUGGY)], [FAILURE], {
      budgets: { maxCostUsd: 0.00001 },
    });
    const config = ConfigSchema.parse({});
    const costTracker = new CostTracker({
      pricing: createPricing(config.pricing),
      baselineModel: config.routing.baselineModel,
    });

    const result = await runTask({ ...deps, costTracker }, { prompt: TASK });

    expect(result.stopReason).toBe("budget_exceeded");
    expect(result.errorMessage).toContain("cost budget of $0.00001 exceeded");
    expect(result.totalCostUsd).toBeGreaterThan(0.00001);
    expect(executor.specs).toHaveLength(0);
  });

  it("stops when the wall-time budget is exceeded between steps", async () => {
    const { deps } = setup([coded(BUGGY), reviewed(FIXED, 0.9)], [FAILURE, passingRun("ok\n")], {
      budgets: { maxWallTimeSeconds: 10 },
      repair: { backoffBaseSeconds: 20 },
    });

    const result = await runTask(deps, { prompt: TASK });

    expect(result.stopReason).toBe("budget_exceeded");
    expect(result.errorMessage).toContain("wall-time budget of 10 s exceeded");
  });

  it("ends as cancelled when the signal aborts mid-run", async () => {
    const controller = new AbortController();
    const { executor, deps } = setup([coded(BUGGY)], [FAILURE]);

    const result = await runTask(
      {
        ...deps,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === "execution.started") controller.abort();
        },
      },
      { prompt: TASK },
    );

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("cancelled");
    expect(result.errorMessage).toContain("stopped: cancelled");
    expect(result.errorMessage).toContain("This operation was aborted");
    expect(executor.specs).toHaveLength(0);
  });

  describe("with a model call that never answers", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    const hanging: LanguageModel = {
      id: "openai/gpt-4o-mini",
      provider: "openai",
      model: "gpt-4o-mini",
      generate: (request) =>
        new Promise((_resolve, reject) => {
          request.signal?.addEventListener("abort", () => reject(request.signal?.reason), {
            once: true,
          });
        }),
    };

    it("cuts the call off at the wall-time budget", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const { deps } = setup([], [], { budgets: { maxWallTimeSeconds: 10 } });

      const running = runTask({ ...deps, model: hanging }, { prompt: TASK });
      await vi.advanceTimersByTimeAsync(10_000);
      const result = await running;

      expect(result.stopReason).toBe("budget_exceeded");
      expect(result.errorMessage).toContain("wall-time budget of 10 s exceeded");
    });

    it("aborts the call in flight when the caller cancels", async () => {
      const controller = new AbortController();
      const { deps } = setup([], []);

      const events: PipelineEvent[] = [];
      const running = runTask(
        {
          ...deps,
          model: hanging,
          signal: controller.signal,
          onEvent: (event) => {
            events.push(event);
            if (event.type === "agent.started" && event.agent === "coder") {
              setTimeout(() => controller.abort(), 5);
            }
          },
        },
        { prompt: TASK },
      );
      const result = await running;

      expect(result.stopReason).toBe("cancelled");
      expect(result.status).toBe("failed");
      const steps = events.flatMap((event) => (event.type === "agent.completed" ? [event] : []));
      expect(steps.map((step) => [step.agent, step.ok])).toEqual([
        ["classifier", true],
        ["planner", true],
        ["coder", false],
      ]);
      expect(steps.at(-1)?.error).toBe("cancelled");
    });

    it("marks a step that ran out of budget as failed with the budget's message", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const { deps, events } = setup([], [], { budgets: { maxWallTimeSeconds: 10 } });

      const running = runTask({ ...deps, model: hanging }, { prompt: TASK });
      await vi.advanceTimersByTimeAsync(10_000);
      await running;

      const coder = events.find(
        (event) => event.type === "agent.completed" && event.agent === "coder",
      );
      expect(coder).toMatchObject({
        ok: false,
        error: expect.stringContaining("wall-time budget"),
      });
    });
  });

  it("re-asks the planner once with the validation problems of an invalid plan", async () => {
    const invalidPlan = {
      reasoning: "two steps",
      subtasks: [
        { id: 1, description: "helper", dependencies: [2], estimated_complexity: "simple" },
        { id: 2, description: "program", dependencies: [], estimated_complexity: "simple" },
      ],
    };
    const validPlan = {
      reasoning: "two steps",
      subtasks: [
        { id: 1, description: "helper", dependencies: [], estimated_complexity: "simple" },
        { id: 2, description: "program", dependencies: [1], estimated_complexity: "simple" },
      ],
    };
    const { model, deps } = setup(
      [
        { object: invalidPlan },
        { object: validPlan },
        coded(FIXED, ""),
        coded(
          'def main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n',
        ),
      ],
      [passingRun("5\n")],
    );

    const result = await runTask(
      { ...deps, classify: () => ({ complexity: "medium" }) },
      { prompt: TASK },
    );

    expect(result.status).toBe("completed");
    expect(result.plan).toEqual(validPlan);
    const reAsk = model.requests[1]?.request.messages ?? [];
    expect(reAsk).toHaveLength(3);
    expect(reAsk[2]?.content).toContain("subtask 1 depends on later subtask 2");
    const stepTwo = model.requests[3]?.prompt ?? "";
    expect(stepTwo).toContain("Write step 2 of 2");
    expect(stepTwo).toContain("return a + b");
    expect(result.finalCode).toContain("def add");
    expect(result.finalCode?.match(/__main__/g)).toHaveLength(1);
  });

  it("re-asks the reviewer once when its output is invalid", async () => {
    const { model, deps } = setup(
      [coded(BUGGY), { text: '{"root_cause": "sign", "confidence": 3}' }, reviewed(FIXED, 0.9)],
      [FAILURE, passingRun("ok\n")],
    );

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("completed");
    const reAsk = model.requests[2]?.request.messages.at(-1)?.content ?? "";
    expect(reAsk).toContain("confidence");
    expect(reAsk).toContain("fixed_code");
  });

  it("records a failed task when the model keeps answering invalid output", async () => {
    const { deps } = setup([{ text: "not json" }, { text: "still not json" }], []);

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("error");
    expect(result.errorMessage).toContain("ModelOutputError while coding");
  });

  it("never shows a benchmark's hidden tests to any agent", async () => {
    const hidden = "assert add(-7, 1000003) == 999996";
    const { model, deps } = setup(
      [coded(BUGGY), reviewed(FIXED, 0.9)],
      [FAILURE, passingRun("ok\n")],
    );

    // A benchmark problem carries hidden tests beside its prompt; only the prompt may travel.
    const problem = {
      prompt: TASK,
      source: "benchmark" as const,
      test: hidden,
      hiddenTests: [hidden],
    };

    await runTask(deps, problem);

    expect(model.requests.length).toBeGreaterThan(1);
    for (const request of model.requests) expect(request.prompt).not.toContain(hidden);
  });
});
