import {
  type RepositoryPlan,
  type RepositoryReview,
  runRepositoryCoder,
  runRepositoryPlanner,
  runRepositoryReviewer,
} from "../../agents/index.js";
import type { LanguageModel } from "../../llm/index.js";
import type { PromptFile } from "../../prompts/index.js";
import {
  applyChanges,
  type FileChange,
  snapshotFile,
  type WorkspaceSnapshot,
} from "../../workspace/index.js";
import { runAgentStep } from "../agent-step.js";
import type { PlannedState } from "../artifact-steps.js";
import { checkpoint, llmSettings, type RunContext } from "../run-context.js";
import type { RunState } from "../run-state.js";
import type { TaskAttempt } from "../task-result.js";
import { proceed, type StepResult } from "../task-stop.js";
import { repairFeedback } from "./repair-feedback.js";
import type { RepositoryArtifact, RepositoryTaskInput } from "./repository-task.js";
import { missingTest } from "./repository-verdict.js";

/** Plans a repository change: subtasks, and the existing files the coder reads. */
export function planRepositoryStep(
  run: RunContext,
  input: RepositoryTaskInput,
  model: LanguageModel,
): Promise<StepResult<RepositoryPlan>> {
  return runAgentStep(run, {
    agent: "planner",
    model,
    work: async (meter) =>
      (
        await runRepositoryPlanner({
          model: meter(model),
          task: run.task.prompt,
          snapshot: input.snapshot,
          map: input.map,
          testCommand: input.testCommand.command,
          ...llmSettings(run),
        })
      ).value,
    reasoning: (plan) => `${plan.reasoning} · reads ${plan.files.join(", ") || "no file"}`,
  });
}

/**
 * Writes the change: the coder once per subtask in dependency order, each seeing the files
 * the plan names and every file changed so far, as they are now. Later changes to a path
 * replace earlier ones; the result applies cleanly to the base snapshot.
 */
export async function codeRepositoryStep(
  run: RunContext,
  input: RepositoryTaskInput,
  state: PlannedState<RepositoryPlan>,
): Promise<StepResult<RepositoryArtifact>> {
  const { model, plan } = state;
  const base = input.snapshot;
  const subtasks = plan.subtasks;
  const progress: { artifact: RepositoryArtifact } = {
    artifact: { changes: [], snapshot: base },
  };
  for (const subtask of subtasks) {
    const halt = checkpoint(run);
    if (halt) return { ok: false, stop: halt };
    const current = progress.artifact;
    const coded = await runAgentStep(run, {
      agent: "coder",
      detail: `step ${subtask.id} of ${subtasks.length}`,
      model,
      work: async (meter) =>
        (
          await runRepositoryCoder({
            model: meter(model),
            task: run.task.prompt,
            map: input.map,
            testCommand: input.testCommand.command,
            subtasks,
            subtask,
            files: filesToShow(current.snapshot, [
              ...plan.files,
              ...current.changes.map((change) => change.path),
            ]),
            changedSoFar: current.changes.map((change) => change.path),
            syntaxChecker: run.syntaxChecker,
            checkChanges: (changes) => {
              const merged = mergeChanges(current.changes, changes);
              const untested =
                subtask.id === subtasks.at(-1)?.id
                  ? missingTest(
                      merged
                        .filter((change) => change.content !== null)
                        .map((change) => change.path),
                    )
                  : undefined;
              return [...problemsApplying(base, merged, input), ...(untested ? [untested] : [])];
            },
            ...(input.paths ? { paths: input.paths } : {}),
            ...llmSettings(run),
          })
        ).value,
      reasoning: (answer) => answer.explanation,
    });
    if (!coded.ok) return coded;
    progress.artifact = withChanges(
      base,
      mergeChanges(current.changes, coded.value.changes),
      input,
    );
  }
  return proceed(progress.artifact);
}

/** Asks the reviewer for a diagnosis of a failed test run and the files that fix it. */
export function reviewRepositoryStep(
  run: RunContext,
  input: RepositoryTaskInput,
  state: Pick<RunState<RepositoryArtifact>, "retryCount" | "previousRepairs"> &
    PlannedState<RepositoryPlan>,
  failed: TaskAttempt,
  artifact: RepositoryArtifact,
): Promise<StepResult<RepositoryReview>> {
  const { model, plan } = state;
  const maxRetries = run.config.repair.maxRetries;
  const changed = new Set(artifact.changes.map((change) => change.path));
  return runAgentStep(run, {
    agent: "reviewer",
    detail: `repair ${state.retryCount + 1} of ${maxRetries}`,
    model,
    work: async (meter) =>
      (
        await runRepositoryReviewer({
          model: meter(model),
          task: run.task.prompt,
          testCommand: input.testCommand.command,
          changedFiles: artifact.changes.map((change) => ({
            path: change.path,
            content: change.content ?? "(deleted)",
          })),
          contextFiles: filesToShow(
            artifact.snapshot,
            plan.files.filter((path) => !changed.has(path)),
          ),
          feedback: repairFeedback(
            { ...failed.execution, report: failed.report },
            failed.reasons ?? [],
          ),
          attempt: failed.attempt + 1,
          maxAttempts: maxRetries + 1,
          previousRepairs: state.previousRepairs,
          syntaxChecker: run.syntaxChecker,
          checkChanges: (changes) =>
            problemsApplying(input.snapshot, mergeChanges(artifact.changes, changes), input),
          ...(input.paths ? { paths: input.paths } : {}),
          ...llmSettings(run),
        })
      ).value,
    reasoning: (review) => review.root_cause,
  });
}

/** Applies a review's changes on top of the failing ones; announces the fix. */
export function repairRepositoryStep(
  run: RunContext,
  input: RepositoryTaskInput,
  failing: RepositoryArtifact,
  review: RepositoryReview,
  retry: number,
): RepositoryArtifact {
  const repaired = withChanges(
    input.snapshot,
    mergeChanges(failing.changes, review.changes),
    input,
  );
  const touched = review.changes.map((change) => change.path);
  run.recorder.emit({
    type: "repair.fix_applied",
    retry,
    review,
    previousCode: showPaths(failing.snapshot, touched),
    code: showPaths(repaired.snapshot, touched),
    previousTests: input.testCommand.command,
    tests: input.testCommand.command,
  });
  return repaired;
}

/** `earlier` with `later` applied on top: one change per path, the later one winning. */
export function mergeChanges(
  earlier: readonly FileChange[],
  later: readonly FileChange[],
): FileChange[] {
  const byPath = new Map(earlier.map((change) => [change.path, change]));
  for (const change of later) {
    byPath.delete(change.path);
    byPath.set(change.path, change);
  }
  return [...byPath.values()];
}

function problemsApplying(
  base: WorkspaceSnapshot,
  changes: readonly FileChange[],
  input: RepositoryTaskInput,
): string[] {
  const applied = applyChanges(base, changes, input.paths);
  return applied.ok ? [] : applied.problems;
}

function withChanges(
  base: WorkspaceSnapshot,
  changes: FileChange[],
  input: RepositoryTaskInput,
): RepositoryArtifact {
  const applied = applyChanges(base, changes, input.paths);
  if (!applied.ok) {
    throw new Error(`the changes do not apply to the repository: ${applied.problems.join("; ")}`);
  }
  return { changes, snapshot: applied.snapshot };
}

/** The readable files among `paths`, each once, as a prompt shows them. */
function filesToShow(snapshot: WorkspaceSnapshot, paths: readonly string[]): PromptFile[] {
  return [...new Set(paths)].flatMap((path) => {
    const file = snapshotFile(snapshot, path);
    return file?.content != null ? [{ path, content: file.content }] : [];
  });
}

function showPaths(snapshot: WorkspaceSnapshot, paths: readonly string[]): string {
  return paths
    .map((path) => `# ${path}\n${snapshotFile(snapshot, path)?.content ?? "(deleted)\n"}`)
    .join("\n");
}
