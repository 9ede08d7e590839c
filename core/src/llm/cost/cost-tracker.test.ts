import { beforeEach, describe, expect, it } from "vitest";
import { PricingConfigSchema } from "../../config/config-schema.js";
import { createPricing } from "../pricing/pricing.js";
import { CostTracker } from "./cost-tracker.js";

describe("CostTracker", () => {
  let tracker: CostTracker;

  beforeEach(() => {
    tracker = new CostTracker({
      pricing: createPricing(PricingConfigSchema.parse({})),
      baselineModel: "openai/gpt-4o",
    });
  });

  function recordRoutedRun(): void {
    tracker.record({
      model: "ollama/llama3:8b",
      agent: "classifier",
      inputTokens: 200,
      outputTokens: 50,
      durationMs: 300,
    });
    tracker.record({
      model: "gpt-4o-mini",
      agent: "planner",
      inputTokens: 1_000,
      outputTokens: 500,
      durationMs: 900,
    });
    tracker.record({
      model: "gpt-4o-mini",
      agent: "coder",
      inputTokens: 2_000,
      outputTokens: 1_000,
      durationMs: 2_100,
    });
    tracker.record({
      model: "gpt-4o",
      agent: "reviewer",
      inputTokens: 1_000,
      outputTokens: 200,
      durationMs: 1_200,
    });
  }

  it("prices each call from the table when no cost is given", () => {
    const call = tracker.record({
      model: "gpt-4o-mini",
      agent: "coder",
      inputTokens: 2_000,
      outputTokens: 1_000,
      durationMs: 10,
    });

    // 2000 × $0.15/M + 1000 × $0.60/M
    expect(call.costUsd).toBeCloseTo(0.0009, 12);
  });

  it("prices a model by its provider when the name alone is unknown", () => {
    const local = tracker.record({
      model: "my-finetune:latest",
      provider: "ollama",
      agent: "coder",
      inputTokens: 5_000,
      outputTokens: 5_000,
      durationMs: 10,
    });

    expect(local.costUsd).toBe(0);
    expect(tracker.summary().byModel["my-finetune:latest"]?.calls).toBe(1);
  });

  it("keeps a cost the caller already knows", () => {
    tracker.record({
      model: "gpt-4o",
      agent: "coder",
      inputTokens: 10,
      outputTokens: 10,
      costUsd: 1.5,
      durationMs: 1,
    });

    expect(tracker.summary().totalCostUsd).toBe(1.5);
  });

  it("sums totals, by model and by agent", () => {
    recordRoutedRun();

    const summary = tracker.summary();

    // llama3 free; mini 0.00015+0.0003 and 0.0003+0.0006; gpt-4o 0.0025+0.002
    expect(summary.totalCostUsd).toBeCloseTo(0.00585, 12);
    expect(summary.calls).toBe(4);
    expect(summary.inputTokens).toBe(4_200);
    expect(summary.outputTokens).toBe(1_750);
    expect(summary.totalTokens).toBe(5_950);
    expect(summary.totalDurationMs).toBe(4_500);
    expect(Object.keys(summary.byModel).sort()).toEqual([
      "gpt-4o",
      "gpt-4o-mini",
      "ollama/llama3:8b",
    ]);
    expect(summary.byModel["gpt-4o-mini"]).toEqual({
      calls: 2,
      inputTokens: 3_000,
      outputTokens: 1_500,
      totalTokens: 4_500,
      costUsd: expect.closeTo(0.00135, 12),
    });
    expect(summary.byModel["ollama/llama3:8b"]?.costUsd).toBe(0);
    expect(summary.byAgent.reviewer).toEqual({
      calls: 1,
      totalTokens: 1_200,
      costUsd: expect.closeTo(0.0045, 12),
      durationMs: 1_200,
    });
    expect(summary.byAgent.classifier?.costUsd).toBe(0);
  });

  it("estimates the savings against running every call on the baseline model", () => {
    recordRoutedRun();

    const summary = tracker.summary();

    // on gpt-4o: 0.001 + 0.0075 + 0.015 + 0.0045 = 0.028
    expect(summary.baselineModel).toBe("openai/gpt-4o");
    expect(summary.baselineCostUsd).toBeCloseTo(0.028, 12);
    expect(summary.savingsUsd).toBeCloseTo(0.02215, 12);
    expect(summary.savingsPercent).toBeCloseTo(79.107142857, 6);
  });

  it("reports negative savings when the routed models cost more than the baseline", () => {
    tracker.record({
      model: "claude-opus-4",
      agent: "coder",
      inputTokens: 1_000,
      outputTokens: 1_000,
      durationMs: 1,
    });

    const summary = tracker.summary();

    // opus 0.015 + 0.075 = 0.09; gpt-4o 0.0025 + 0.01 = 0.0125
    expect(summary.savingsUsd).toBeCloseTo(-0.0775, 12);
    expect(summary.savingsPercent).toBeCloseTo(-620, 6);
  });

  it("starts over after reset", () => {
    recordRoutedRun();

    tracker.reset();
    const summary = tracker.summary();

    expect(tracker.calls).toHaveLength(0);
    expect(summary).toMatchObject({
      calls: 0,
      totalCostUsd: 0,
      totalTokens: 0,
      savingsUsd: 0,
      savingsPercent: 0,
    });
    expect(summary.byModel).toEqual({});
  });
});
