import type { Diagnosis, Plan } from "../agents/index.js";
import { withSpan } from "../telemetry/index.js";
import { type ArtifactSteps, type PlannedState, programSteps } from "./artifact-steps.js";
import { errorTrail } from "./error-trail.js";
import type { PipelineStatus, PipelineTaskProgress } from "./pipeline-store.js";
import { createRepositorySteps } from "./repository/repository-steps.js";
import { checkpoint, guarded, type RunContext, startRun } from "./run-context.js";
import { initialRunState, type RunState } from "./run-state.js";
import type { PipelineTask, RunTaskDeps } from "./run-task-deps.js";
import { classifyStep } from "./steps/classify-step.js";
import { lowConfidenceStop } from "./steps/review-step.js";
import type { TaskResult } from "./task-result.js";
import type { TaskStop } from "./task-stop.js";

export type { ModelRouter, PipelineTask, RunTaskDeps } from "./run-task-deps.js";

/**
 * Runs one task through the self-repair pipeline: classify → plan → code → verify →
 * (completed | review → repair → verify …) → failed. Stops when the artifact passes, when
 * `config.repair.maxRetries` repairs are used, when the reviewer's confidence falls below
 * `config.repair.lowConfidenceThreshold` at retry 2 or later, when a budget (USD, tokens,
 * wall time) is exceeded, or when `signal` aborts. Every step emits an event, every model
 * call is a trace and every run an execution result, written as they happen. A failing
 * program, a budget or a cancellation is a `failed` result, not an exception.
 *
 * @example
 * const result = await runTask({ config, model, executor, store: store.tasks }, { prompt });
 * result.status === "completed" && result.finalCode;
 */
export async function runTask(deps: RunTaskDeps, task: PipelineTask): Promise<TaskResult> {
  if (!deps.telemetry) return runSteps(deps, task);
  return withSpan(
    deps.telemetry.tracer,
    "codeforge.task",
    { "codeforge.task.source": task.source ?? "cli" },
    async (span) => {
      const result = await runSteps(deps, task);
      span.setAttributes({
        "codeforge.task.id": result.taskId,
        "codeforge.task.status": result.status,
        "codeforge.task.stop_reason": result.stopReason,
        "codeforge.task.retries": result.retryCount,
        "codeforge.task.tokens": result.totalTokens,
        "codeforge.task.cost_usd": result.totalCostUsd,
        ...(result.modelUsed ? { "codeforge.task.model": result.modelUsed } : {}),
      });
      return result;
    },
  );
}

async function runSteps(deps: RunTaskDeps, task: PipelineTask): Promise<TaskResult> {
  const run = await startRun(deps, task);
  if (task.repository) {
    return runWith(run, createRepositorySteps(task.repository, deps.repositoryRunner));
  }
  return runWith(run, programSteps);
}

async function runWith<Artifact, P extends Plan, R extends Diagnosis>(
  run: RunContext,
  steps: ArtifactSteps<Artifact, P, R>,
): Promise<TaskResult> {
  const state = initialRunState<Artifact>();
  const stopped = await loop(run, state, steps);
  return finish(run, state, steps, stopped);
}

/** The run, step by step; returns why it stopped, or null when the artifact passed. */
async function loop<Artifact, P extends Plan, R extends Diagnosis>(
  run: RunContext,
  state: RunState<Artifact>,
  steps: ArtifactSteps<Artifact, P, R>,
): Promise<TaskStop | null> {
  run.recorder.emit({ type: "task.started", prompt: run.task.prompt, language: run.language });
  if (steps.prepare) {
    const prepared = await steps.prepare(run);
    if (!prepared.ok) return prepared.stop;
  }
  const beforeClassify = await enter(run, "classifying", { language: run.language }, true);
  if (beforeClassify) return beforeClassify;
  const classified = await classifyStep(run);
  if (!classified.ok) return classified.stop;
  const { complexity, model } = classified.value;
  Object.assign(state, { complexity, model });

  const beforePlan = await enter(run, "planning", { complexity, modelUsed: model.id }, true);
  if (beforePlan) return beforePlan;
  const planned = await steps.plan(run, { complexity, model });
  if (!planned.ok) return planned.stop;
  const plan = planned.value;
  state.plan = plan;

  const beforeCode = await enter(run, "coding", { plan }, true);
  if (beforeCode) return beforeCode;
  const coded = await steps.code(run, { model, plan });
  if (!coded.ok) return coded.stop;
  state.artifact = coded.value;
  return repairLoop(run, state, steps, coded.value, { model, plan });
}

/** Verify, and while it fails and the budgets allow: review, repair, verify again. */
async function repairLoop<Artifact, P extends Plan, R extends Diagnosis>(
  run: RunContext,
  state: RunState<Artifact>,
  steps: ArtifactSteps<Artifact, P, R>,
  first: Artifact,
  planned: PlannedState<P>,
): Promise<TaskStop | null> {
  const maxRetries = run.config.repair.maxRetries;
  for (let artifact = first; ; ) {
    const current = artifact;
    const beforeRun = await enter(run, "executing", { retryCount: state.retryCount }, true);
    if (beforeRun) return beforeRun;
    const verified = await guarded(run, () => steps.verify(run, current, state.retryCount));
    if (!verified.ok) return verified.stop;
    const attempt = verified.value;
    state.attempts.push(attempt);
    const { stdout, stderr } = attempt.execution;
    state.finalOutput = attempt.passed
      ? stdout
      : [stdout, stderr].filter((text) => text.trim()).join("\n");
    if (attempt.passed) return null;
    if (state.retryCount >= maxRetries) {
      const used = `${state.retryCount} of ${maxRetries} repairs used`;
      return { reason: "retries_exhausted", message: `retries exhausted (${used})` };
    }

    const retry = state.retryCount + 1;
    const beforeReview = checkpoint(run);
    if (beforeReview) return beforeReview;
    run.recorder.emit({ type: "repair.started", retry, maxRetries });
    const reviewing = await enter(run, "reviewing", undefined, false);
    if (reviewing) return reviewing;
    const reviewed = await steps.review(run, { ...state, ...planned }, attempt, current);
    if (!reviewed.ok) return reviewed.stop;
    const review = reviewed.value;
    attempt.review = review;
    const unsure = lowConfidenceStop(run, review, retry);
    if (unsure) return unsure;
    state.previousRepairs.push({
      rootCause: review.root_cause,
      fixDescription: review.fix_description,
      confidence: review.confidence,
    });

    const backoffMs = 2 ** (retry - 1) * run.config.repair.backoffBaseSeconds * 1000;
    const waited = await guarded(run, () =>
      backoffMs > 0 ? run.clock.sleep(backoffMs, run.signal) : Promise.resolve(),
    );
    if (!waited.ok) return waited.stop;
    const repairing = await enter(run, "repairing", { retryCount: retry }, false);
    if (repairing) return repairing;
    artifact = steps.repair(run, current, review, retry);
    state.artifact = artifact;
    state.retryCount = retry;
  }
}

/**
 * Moves the run to `status` (event and row); when `checked`, first stops it if it was
 * cancelled or a budget is used up.
 */
async function enter(
  run: RunContext,
  status: PipelineStatus,
  progress: PipelineTaskProgress | undefined,
  checked: boolean,
): Promise<TaskStop | null> {
  const halt = checked ? checkpoint(run) : null;
  if (halt) return halt;
  const moved = await guarded(run, () => run.recorder.setStatus(status, progress));
  return moved.ok ? null : moved.stop;
}

/** Ends the run: the result from the state, recorded once, announced once. */
async function finish<Artifact, P extends Plan, R extends Diagnosis>(
  run: RunContext,
  state: RunState<Artifact>,
  steps: ArtifactSteps<Artifact, P, R>,
  stopped: TaskStop | null,
): Promise<TaskResult> {
  run.budget.release();
  const usage = run.budget.usage();
  const errorMessage = stopped ? errorTrail(state.attempts, stopped.message) : null;
  const result: TaskResult = {
    taskId: run.taskId,
    status: stopped ? "failed" : "completed",
    stopReason: stopped ? stopped.reason : "completed",
    complexity: state.complexity,
    language: run.language,
    modelUsed: state.model?.id ?? null,
    plan: state.plan,
    ...steps.summarize(state.artifact, state),
    finalOutput: state.finalOutput,
    retryCount: state.retryCount,
    totalCostUsd: usage.costUsd,
    totalTokens: usage.tokens,
    totalTimeMs: run.clock.now() - run.startedAt,
    errorMessage,
    ...(stopped?.fault ? { fault: stopped.fault } : {}),
    attempts: state.attempts,
  };
  return run.recorder.finish(result, {
    complexity: result.complexity,
    modelUsed: result.modelUsed,
    plan: result.plan,
    finalCode: result.finalCode,
    finalTests: result.finalTests,
    finalOutput: result.finalOutput,
    retryCount: result.retryCount,
    totalCostUsd: result.totalCostUsd,
    totalTokens: result.totalTokens,
    totalTimeMs: result.totalTimeMs,
    errorMessage,
    ...(result.repository
      ? {
          diff: result.repository.diff.patch,
          diffStats: {
            files: result.repository.diff.files,
            additions: result.repository.diff.additions,
            deletions: result.repository.diff.deletions,
          },
        }
      : {}),
  });
}
