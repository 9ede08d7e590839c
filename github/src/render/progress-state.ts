import type { PipelineEvent, StopReason } from "@codeforge/core";

/** How far a checklist step has come. */
export const STEP_STATES = ["pending", "running", "done", "failed"] as const;
export type StepState = (typeof STEP_STATES)[number];

/** One line of the progress checklist. */
export interface ProgressStep {
  /** `classify`, `plan`, `code`, `test`, `repair-1`, `test-1` … */
  id: string;
  label: string;
  state: StepState;
  /** A short note shown after the label (tier, tests passed, root cause …). */
  note?: string;
}

/** What a run has shown so far, folded from its pipeline events. */
export interface ProgressState {
  taskId: string | null;
  startedAt: number | null;
  /** When the last event happened. */
  updatedAt: number | null;
  steps: ProgressStep[];
  /** `provider/model` that does the work, once known. */
  model: string | null;
  complexity: string | null;
  /** Why the model was chosen (the router's sentence), once known. */
  modelReason: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Set once the run ended. */
  outcome: {
    status: "completed" | "failed";
    stopReason: StopReason;
    durationMs: number;
    costUsd: number;
    tokens: number;
    errorMessage: string | null;
  } | null;
}

const BASE_STEPS: readonly ProgressStep[] = [
  { id: "classify", label: "Classify the task and choose a model", state: "pending" },
  { id: "plan", label: "Plan the change", state: "pending" },
  { id: "code", label: "Write the code and tests", state: "pending" },
  { id: "test", label: "Run the repository's tests", state: "pending" },
];

/** The state before any event: every base step pending. */
export function initialProgress(): ProgressState {
  return {
    taskId: null,
    startedAt: null,
    updatedAt: null,
    steps: BASE_STEPS.map((step) => ({ ...step })),
    model: null,
    complexity: null,
    modelReason: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    outcome: null,
  };
}

const AGENT_STEP = { classifier: "classify", planner: "plan", coder: "code" } as const;

/**
 * Folds one pipeline event into the progress state (a new object; the old one is unchanged),
 * so a renderer can draw the checklist at any point of the run.
 *
 * @example
 * const state = events.reduce(applyProgressEvent, initialProgress());
 */
export function applyProgressEvent(state: ProgressState, event: PipelineEvent): ProgressState {
  const next: ProgressState = {
    ...state,
    steps: state.steps.map((step) => ({ ...step })),
    taskId: event.taskId,
    startedAt: state.startedAt ?? event.at,
    updatedAt: event.at,
  };
  const set = (id: string, change: Partial<ProgressStep>, label?: string): void => {
    const step = next.steps.find((candidate) => candidate.id === id);
    if (step) Object.assign(step, change);
    else next.steps.push({ id, label: label ?? id, state: "pending", ...change });
  };
  switch (event.type) {
    case "agent.started": {
      if (event.agent === "reviewer") break;
      set(AGENT_STEP[event.agent], { state: "running" });
      break;
    }
    case "agent.completed": {
      next.inputTokens += event.inputTokens;
      next.outputTokens += event.outputTokens;
      next.costUsd += event.costUsd;
      if (event.model && event.agent !== "classifier") next.model = event.model;
      if (event.complexity) next.complexity = event.complexity;
      if (event.agent === "classifier" && event.reason) next.modelReason = event.reason;
      if (event.agent === "reviewer") break;
      const id = AGENT_STEP[event.agent];
      const note =
        event.agent === "classifier" && event.complexity
          ? `${event.complexity} task`
          : event.ok
            ? undefined
            : event.error;
      set(id, {
        state: event.ok ? (isLastStep(event.detail) ? "done" : "running") : "failed",
        ...(note ? { note } : {}),
      });
      break;
    }
    case "baseline.completed": {
      set(
        "baseline",
        {
          state: "done",
          note: event.passed
            ? `${event.tests} tests passed before any change`
            : `${event.failing.length} of ${event.tests} tests already failing`,
        },
        "Run the tests before any change",
      );
      // The baseline belongs before the plan in the checklist.
      const baseline = next.steps.pop();
      if (baseline) next.steps.splice(1, 0, baseline);
      break;
    }
    case "execution.started": {
      set(testStepId(event.attempt), { state: "running" }, testLabel(event.attempt));
      break;
    }
    case "execution.completed": {
      set(
        testStepId(event.attempt),
        { state: event.passed ? "done" : "failed", note: executionNote(event) },
        testLabel(event.attempt),
      );
      break;
    }
    case "repair.started": {
      set(
        `repair-${event.retry}`,
        { state: "running" },
        `Repair ${event.retry} of ${event.maxRetries}: diagnose the failure and fix it`,
      );
      break;
    }
    case "repair.fix_applied": {
      set(`repair-${event.retry}`, {
        state: "done",
        note: `${event.review.root_cause} (confidence ${event.review.confidence.toFixed(2)})`,
      });
      break;
    }
    case "task.completed":
    case "task.failed": {
      const result = event.result;
      for (const step of next.steps) if (step.state === "running") step.state = "failed";
      if (result.modelUsed) next.model = result.modelUsed;
      if (result.complexity) next.complexity = result.complexity;
      next.costUsd = result.totalCostUsd;
      next.outcome = {
        status: result.status,
        stopReason: result.stopReason,
        durationMs: result.totalTimeMs,
        costUsd: result.totalCostUsd,
        tokens: result.totalTokens,
        errorMessage: result.errorMessage,
      };
      break;
    }
    default:
      break;
  }
  return next;
}

/** The coder runs once per plan step (`step 2 of 3`): its checklist line is done after the last. */
function isLastStep(detail: string | undefined): boolean {
  const match = detail === undefined ? null : /^step (\d+) of (\d+)$/.exec(detail);
  return match === null || match[1] === match[2];
}

function testStepId(attempt: number): string {
  return attempt === 0 ? "test" : `test-${attempt}`;
}

function testLabel(attempt: number): string {
  return attempt === 0 ? "Run the repository's tests" : `Run the tests after repair ${attempt}`;
}

function executionNote(event: Extract<PipelineEvent, { type: "execution.completed" }>): string {
  if (event.result.timedOut) return "timed out";
  if (event.result.oomKilled) return "ran out of memory";
  return event.passed ? "passed" : `failed (exit ${event.result.exitCode ?? "none"})`;
}
