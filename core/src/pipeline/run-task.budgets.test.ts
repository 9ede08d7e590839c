import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigSchema } from "../config/index.js";
import { CostTracker } from "../llm/cost/index.js";
import type { LanguageModel } from "../llm/index.js";
import { createPricing } from "../llm/pricing/index.js";
import { passingRun } from "../testing/passing-run.js";
import type { PipelineEvent } from "./pipeline-events.js";
import { runTask } from "./run-task.js";
import {
  BUGGY,
  coded,
  FAILURE,
  FIXED,
  reviewed,
  setup,
  TASK,
} from "./test-support/run-task-fixtures.js";

describe("runTask budgets and cancellation", () => {
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
});
