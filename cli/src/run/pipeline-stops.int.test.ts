import {
  ConfigSchema,
  CostTracker,
  createPricing,
  type PipelineEvent,
  runTask,
} from "@codeforge/core";
import { createScriptedModel, createTestStore, type TestStore } from "@codeforge/core/testing";
import { createDockerExecutor, OWNER_PID_LABEL } from "@codeforge/sandbox";
import Docker from "dockerode";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BUGGY_MEDIAN,
  codedMedian,
  FIXED_MEDIAN,
  MEDIAN_TASK,
  reviewedMedian,
} from "../test-support/median-task.js";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";

// The seed's stopping rules over the real sandbox and a stored task: traces in order,
// costs adding up across repairs, the low-confidence abort, budgets and cancellation.

const config = ConfigSchema.parse({
  repair: { backoffBaseSeconds: 0, maxRetries: 3 },
  sandbox: { memoryMb: 256, timeoutSeconds: 40 },
});
const docker = new Docker();
const executor = createDockerExecutor({ docker, config: config.sandbox });
const sandbox = await requireSandboxImage(executor, config.sandbox);

const MODEL_ID = "openai/gpt-4o-mini";
// Still wrong for even lengths, but a different program: a repair that changes nothing useful.
const STILL_BUGGY = BUGGY_MEDIAN.replace("ordered = sorted(values)", "ordered = sorted(values)[:]");

function costTracker(): CostTracker {
  return new CostTracker({
    pricing: createPricing(config.pricing),
    baselineModel: config.routing.baselineModel,
  });
}

async function containersOfThisProcess(): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({
    all: true,
    filters: { label: [`${OWNER_PID_LABEL}=${process.pid}`] },
  });
}

describe.skipIf(!sandbox.available)(`runTask's stops on the real sandbox ${sandbox.reason}`, () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });
  beforeEach(async () => {
    await store.reset();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("records traces in order with durations, and cost and tokens add up across repairs", async () => {
    const model = createScriptedModel(
      [codedMedian(BUGGY_MEDIAN), reviewedMedian(STILL_BUGGY), reviewedMedian(FIXED_MEDIAN)],
      {
        id: MODEL_ID,
      },
    );
    const tracker = costTracker();
    const steps: Array<{ agent: string; tokens: number; costUsd: number }> = [];
    const onEvent = (event: PipelineEvent) => {
      if (event.type === "agent.completed") {
        const tokens = event.inputTokens + event.outputTokens;
        steps.push({ agent: event.agent, tokens, costUsd: event.costUsd });
      }
    };

    const result = await runTask(
      {
        config,
        model,
        executor,
        store: store.tasks,
        costTracker: tracker,
        onEvent,
        classify: () => ({ complexity: "simple" }),
      },
      { prompt: MEDIAN_TASK },
    );

    expect(result.status).toBe("completed");
    expect(result.retryCount).toBe(2);
    const detail = await store.tasks.get(result.taskId);
    const traces = detail?.traces ?? [];
    expect(traces.map((trace) => trace.agent)).toEqual([
      "classifier",
      "planner",
      "coder",
      "reviewer",
      "reviewer",
    ]);
    expect(traces.map((trace) => trace.stepOrder)).toEqual([1, 2, 3, 4, 5]);
    // Coder and reviewer each wait on a sandbox syntax check, so their steps take real time.
    for (const trace of traces.slice(2)) expect(trace.durationMs).toBeGreaterThan(0);
    const traced = traces.reduce((sum, trace) => sum + trace.durationMs, 0);
    expect(traced).toBeLessThanOrEqual(result.totalTimeMs);
    expect(detail?.executionResults.map((run) => run.attempt)).toEqual([0, 1, 2]);

    const asked = model.requests.reduce(
      (sum, request) => sum + request.inputTokens + request.outputTokens,
      0,
    );
    expect(model.requests).toHaveLength(3);
    expect(result.totalTokens).toBe(asked);
    expect(traces.reduce((sum, trace) => sum + trace.inputTokens + trace.outputTokens, 0)).toBe(
      asked,
    );
    const recordedCost = tracker.calls.reduce((sum, call) => sum + call.costUsd, 0);
    expect(result.totalCostUsd).toBeGreaterThan(0);
    expect(result.totalCostUsd).toBeCloseTo(recordedCost, 10);
    expect(traces.reduce((sum, trace) => sum + trace.costUsd, 0)).toBeCloseTo(recordedCost, 5);
    expect(detail).toMatchObject({
      status: "completed",
      retryCount: 2,
      totalTokens: result.totalTokens,
    });
    expect(detail?.totalCostUsd).toBeCloseTo(result.totalCostUsd, 5);
    // Every model-calling step (the coder and both repairs) adds its own tokens and cost.
    const paid = steps.filter((step) => step.tokens > 0);
    expect(paid.map((step) => step.agent)).toEqual(["coder", "reviewer", "reviewer"]);
    for (const step of paid) expect(step.costUsd).toBeGreaterThan(0);
    expect(paid.reduce((sum, step) => sum + step.tokens, 0)).toBe(result.totalTokens);
    expect(paid.reduce((sum, step) => sum + step.costUsd, 0)).toBeCloseTo(result.totalCostUsd, 10);
  });

  it("stops at repair 2 without applying a fix the reviewer is not confident in", async () => {
    const model = createScriptedModel(
      [codedMedian(BUGGY_MEDIAN), reviewedMedian(STILL_BUGGY), reviewedMedian(FIXED_MEDIAN, 0.2)],
      {
        id: MODEL_ID,
      },
    );

    const result = await runTask(
      { config, model, executor, store: store.tasks, classify: () => ({ complexity: "simple" }) },
      { prompt: MEDIAN_TASK },
    );

    expect(config.repair.lowConfidenceThreshold).toBeGreaterThan(0.2);
    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("low_confidence");
    expect(model.requests).toHaveLength(3);
    // The low-confidence fix was never run: two executions, the last one STILL_BUGGY.
    expect(result.attempts).toHaveLength(2);
    expect(result.attempts.at(-1)?.code).toBe(STILL_BUGGY);
    expect(result.finalCode).not.toBe(FIXED_MEDIAN);
    expect(result.retryCount).toBe(1);
    expect(result.errorMessage).toMatch(/confidence 0\.2/);
    const detail = await store.tasks.get(result.taskId);
    expect(detail).toMatchObject({ status: "failed", retryCount: 1 });
    expect(detail?.executionResults).toHaveLength(2);
  });

  it("stops cleanly when the token budget is spent, before the repair it cannot afford", async () => {
    // The coder's call costs the same tokens in every run (same prompt, same reply), so a
    // first run measures it and the second allows exactly that much.
    const probe = createScriptedModel([codedMedian(BUGGY_MEDIAN), reviewedMedian(FIXED_MEDIAN)], {
      id: MODEL_ID,
    });
    await runTask(
      { config, model: probe, executor, classify: () => ({ complexity: "simple" }) },
      { prompt: MEDIAN_TASK },
    );
    const coderTokens =
      (probe.requests[0]?.inputTokens ?? 0) + (probe.requests[0]?.outputTokens ?? 0);
    const model = createScriptedModel([codedMedian(BUGGY_MEDIAN), reviewedMedian(FIXED_MEDIAN)], {
      id: MODEL_ID,
    });
    const budgeted = { ...config, budgets: { ...config.budgets, maxTokens: coderTokens } };

    const result = await runTask(
      {
        config: budgeted,
        model,
        executor,
        store: store.tasks,
        classify: () => ({ complexity: "simple" }),
      },
      { prompt: MEDIAN_TASK },
    );

    expect(coderTokens).toBeGreaterThan(0);
    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("budget_exceeded");
    expect(model.requests).toHaveLength(2);
    expect(result.attempts).toHaveLength(1);
    expect(result.finalCode).toBe(BUGGY_MEDIAN);
    expect(result.errorMessage).toMatch(/token/i);
    const detail = await store.tasks.get(result.taskId);
    expect(detail?.status).toBe("failed");
    expect(detail?.errorMessage).toBe(result.errorMessage);
    expect(detail?.executionResults).toHaveLength(1);
    expect(await containersOfThisProcess()).toEqual([]);
  });

  it("cancels a running program: the task is failed and no container is left", async () => {
    const sleeper = `import time

def median(values: list[float]) -> float:
    """The median of the values."""
    return sorted(values)[len(values) // 2]

def main() -> None:
    print("working")
    time.sleep(60)

if __name__ == "__main__":
    main()
`;
    const model = createScriptedModel([codedMedian(sleeper)], { id: MODEL_ID });
    const controller = new AbortController();
    const onEvent = (event: PipelineEvent) => {
      if (event.type === "execution.output" && event.chunk.includes("working")) {
        controller.abort(new Error("stopped by the test"));
      }
    };
    const started = Date.now();

    const result = await runTask(
      {
        config,
        model,
        executor,
        store: store.tasks,
        signal: controller.signal,
        onEvent,
        classify: () => ({ complexity: "simple" }),
      },
      { prompt: MEDIAN_TASK },
    );

    expect(controller.signal.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("cancelled");
    expect(result.errorMessage).toMatch(/cancelled: stopped by the test/);
    const detail = await store.tasks.get(result.taskId);
    expect(detail?.status).toBe("failed");
    expect(detail?.errorMessage).toBe(result.errorMessage);
    expect(await containersOfThisProcess()).toEqual([]);
  });
});
