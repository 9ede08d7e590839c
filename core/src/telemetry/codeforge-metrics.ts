import type { Meter } from "@opentelemetry/api";

/** Names of the metrics CodeForge records; dashboards and alerts refer to these. */
export const METRIC_NAMES = {
  tasks: "codeforge.tasks",
  taskDuration: "codeforge.task.duration",
  agentDuration: "codeforge.agent.duration",
  llmTokens: "codeforge.llm.tokens",
  llmCost: "codeforge.llm.cost",
  repairAttempts: "codeforge.repair.attempts",
  sandboxExecutionTime: "codeforge.sandbox.execution.duration",
} as const;

/** One LLM call's usage, as the cost tracker sees it. */
export interface LlmUsageSample {
  /** `provider/model`, e.g. `openai/gpt-4o-mini`. */
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** The agent that made the call (planner, coder, reviewer, classifier). */
  readonly agent?: string;
}

/**
 * The seed's metrics in one object, with the attribute names fixed so every caller records
 * them the same way. Durations are in milliseconds.
 */
export interface CodeForgeMetrics {
  /** A task reached a status (count by `status`, e.g. completed, failed). */
  countTask(status: string): void;
  /** A finished task's wall time, by final status. */
  recordTaskDuration(durationMs: number, status: string): void;
  /** One agent step's duration (planner, coder, reviewer, …). */
  recordAgentDuration(agent: string, durationMs: number): void;
  /** Tokens (by model and `input`/`output`) and cost in USD (by model) of one LLM call. */
  recordLlmUsage(usage: LlmUsageSample): void;
  /** One repair attempt, by outcome (e.g. `fixed`, `still_failing`). */
  countRepairAttempt(outcome: string): void;
  /** One sandbox run's execution time, by language and outcome (passed, failed, timeout, oom). */
  recordSandboxExecution(
    durationMs: number,
    attributes: { language: string; outcome: string },
  ): void;
}

/** Creates the {@link CodeForgeMetrics} instruments on a meter (a no-op meter records nothing). */
export function createCodeForgeMetrics(meter: Meter): CodeForgeMetrics {
  const tasks = meter.createCounter(METRIC_NAMES.tasks, {
    description: "Tasks that reached a status",
  });
  const taskDuration = meter.createHistogram(METRIC_NAMES.taskDuration, {
    description: "Wall time of a task from start to its final status",
    unit: "ms",
  });
  const agentDuration = meter.createHistogram(METRIC_NAMES.agentDuration, {
    description: "Duration of one agent step",
    unit: "ms",
  });
  const llmTokens = meter.createCounter(METRIC_NAMES.llmTokens, {
    description: "Tokens used by LLM calls",
    unit: "{token}",
  });
  const llmCost = meter.createCounter(METRIC_NAMES.llmCost, {
    description: "Cost of LLM calls",
    unit: "USD",
  });
  const repairAttempts = meter.createCounter(METRIC_NAMES.repairAttempts, {
    description: "Repair attempts after a failing run",
  });
  const sandboxExecutionTime = meter.createHistogram(METRIC_NAMES.sandboxExecutionTime, {
    description: "Execution time of one sandbox run",
    unit: "ms",
  });
  return {
    countTask: (status) => tasks.add(1, { status }),
    recordTaskDuration: (durationMs, status) => taskDuration.record(durationMs, { status }),
    recordAgentDuration: (agent, durationMs) => agentDuration.record(durationMs, { agent }),
    recordLlmUsage: ({ model, inputTokens, outputTokens, costUsd, agent }) => {
      const common = agent === undefined ? { model } : { model, agent };
      llmTokens.add(inputTokens, { ...common, "token.type": "input" });
      llmTokens.add(outputTokens, { ...common, "token.type": "output" });
      llmCost.add(costUsd, common);
    },
    countRepairAttempt: (outcome) => repairAttempts.add(1, { outcome }),
    recordSandboxExecution: (durationMs, attributes) =>
      sandboxExecutionTime.record(durationMs, { ...attributes }),
  };
}
