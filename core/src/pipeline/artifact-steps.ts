import type { Plan, Review } from "../agents/index.js";
import type { LanguageModel } from "../llm/index.js";
import type { RunContext } from "./run-context.js";
import type { ProgramArtifact, RunState } from "./run-state.js";
import { codeStep } from "./steps/code-step.js";
import { repairStep } from "./steps/repair-step.js";
import { reviewStep } from "./steps/review-step.js";
import { verifyStep } from "./steps/verify-step.js";
import type { TaskAttempt } from "./task-result.js";
import type { StepResult } from "./task-stop.js";

/**
 * What varies between kinds of task: how the artifact is written, verified and repaired.
 * The loop in `runTask`, its stops, budgets, events and traces are the same for all. A
 * program task's artifact is one program and its tests, verified by running them together
 * in the sandbox ({@link programSteps}); a repository task's is a set of file changes,
 * verified by the repository's own test command.
 */
export interface ArtifactSteps<Artifact> {
  code(run: RunContext, state: { model: LanguageModel; plan: Plan }): Promise<StepResult<Artifact>>;
  /** Runs the artifact's tests once and records the run; throws only on infrastructure faults. */
  verify(run: RunContext, artifact: Artifact, attempt: number): Promise<TaskAttempt>;
  review(
    run: RunContext,
    state: Pick<RunState, "retryCount" | "previousRepairs"> & { model: LanguageModel },
    failed: TaskAttempt,
  ): Promise<StepResult<Review>>;
  repair(run: RunContext, failing: Artifact, review: Review, retry: number): Artifact;
}

/** The steps of a program task (the CLI's `codeforge run "<task>"` and the benchmarks). */
export const programSteps: ArtifactSteps<ProgramArtifact> = {
  code: codeStep,
  verify: verifyStep,
  review: reviewStep,
  repair: repairStep,
};
