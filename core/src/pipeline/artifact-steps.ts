import type { Diagnosis, Plan } from "../agents/index.js";
import type { LanguageModel } from "../llm/index.js";
import type { RunContext } from "./run-context.js";
import type { ProgramArtifact, RunState } from "./run-state.js";
import { codeStep } from "./steps/code-step.js";
import { planStep } from "./steps/plan-step.js";
import { repairStep } from "./steps/repair-step.js";
import { reviewStep } from "./steps/review-step.js";
import { verifyStep } from "./steps/verify-step.js";
import type { TaskAttempt, TaskResult } from "./task-result.js";
import type { StepResult } from "./task-stop.js";

/** What a step that needs the model and the plan gets. */
export interface PlannedState<P extends Plan> {
  model: LanguageModel;
  plan: P;
}

/**
 * What varies between kinds of task: how the work is planned, how the artifact is written,
 * verified and repaired, and what the result carries. The loop in `runTask`, its stops,
 * budgets, events and traces are the same for all. A program task's artifact is one program
 * and its tests, verified by running them together in the sandbox ({@link programSteps}); a
 * repository task's is a set of file changes, verified by the repository's own test command
 * (`createRepositorySteps`).
 */
export interface ArtifactSteps<Artifact, P extends Plan = Plan, R extends Diagnosis = Diagnosis> {
  /** Work before classification (a repository's baseline test run); a stop ends the run. */
  prepare?(run: RunContext): Promise<StepResult<void>>;
  plan(
    run: RunContext,
    state: Pick<RunState<Artifact>, "complexity"> & { model: LanguageModel },
  ): Promise<StepResult<P>>;
  code(run: RunContext, state: PlannedState<P>): Promise<StepResult<Artifact>>;
  /** Runs the artifact's tests once and records the run; throws only on infrastructure faults. */
  verify(run: RunContext, artifact: Artifact, attempt: number): Promise<TaskAttempt>;
  review(
    run: RunContext,
    state: Pick<RunState<Artifact>, "retryCount" | "previousRepairs"> & PlannedState<P>,
    failed: TaskAttempt,
    artifact: Artifact,
  ): Promise<StepResult<R>>;
  /** Applies a review's fix; throws only when the fix cannot be applied at all. */
  repair(run: RunContext, failing: Artifact, review: R, retry: number): Artifact;
  /** What the result shows of the last artifact. */
  summarize(
    artifact: Artifact | null,
    state: RunState<Artifact>,
  ): Pick<TaskResult, "finalCode" | "finalTests" | "repository">;
}

/** The steps of a program task (the CLI's `codeforge run "<task>"` and the benchmarks). */
export const programSteps: ArtifactSteps<ProgramArtifact> = {
  plan: planStep,
  code: codeStep,
  verify: verifyStep,
  review: (run, state, failed) => reviewStep(run, state, failed),
  repair: repairStep,
  summarize: (artifact) => ({
    finalCode: artifact?.code ?? null,
    finalTests: artifact?.tests ?? null,
  }),
};
