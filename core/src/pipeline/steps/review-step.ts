import { type Diagnosis, type Review, runReviewer } from "../../agents/index.js";
import type { LanguageModel } from "../../llm/index.js";
import { runAgentStep } from "../agent-step.js";
import { llmSettings, type RunContext } from "../run-context.js";
import type { RunState } from "../run-state.js";
import type { TaskAttempt } from "../task-result.js";
import type { StepResult, TaskStop } from "../task-stop.js";
import { judgeTestRewrite } from "../test-rewrite.js";

/** Asks the reviewer to diagnose a failed attempt and propose a fix (code, maybe tests). */
export async function reviewStep(
  run: RunContext,
  state: Pick<RunState, "retryCount" | "previousRepairs"> & { model: LanguageModel },
  failed: TaskAttempt,
): Promise<StepResult<Review>> {
  const { config, language } = run;
  const { model } = state;
  const maxRetries = config.repair.maxRetries;
  const retry = state.retryCount + 1;
  const reviewed = await runAgentStep(run, {
    agent: "reviewer",
    detail: `repair ${retry} of ${maxRetries}`,
    model,
    work: async (meter) =>
      (
        await runReviewer({
          model: meter(model),
          task: run.task.prompt,
          language,
          code: failed.code,
          tests: failed.tests,
          exitCode: failed.execution.exitCode,
          stdout: failed.execution.stdout,
          stderr: failed.execution.stderr,
          timedOut: failed.execution.timedOut,
          oomKilled: failed.execution.oomKilled,
          attempt: failed.attempt + 1,
          maxAttempts: maxRetries + 1,
          previousRepairs: state.previousRepairs,
          syntaxChecker: run.syntaxChecker,
          ...llmSettings(run),
        })
      ).value,
    reasoning: (review) => {
      const change = judgeTestRewrite(language, failed.tests, review.fixed_tests);
      return change ? `${review.root_cause} · ${change.note}` : review.root_cause;
    },
  });
  return reviewed;
}

/**
 * The review belongs to the repair it asks for: from repair 2 on, a fix below
 * `repair.lowConfidenceThreshold` is not applied and the run stops early rather than guessing.
 */
export function lowConfidenceStop(
  run: RunContext,
  review: Diagnosis,
  retry: number,
): TaskStop | null {
  const threshold = run.config.repair.lowConfidenceThreshold;
  if (retry < 2 || review.confidence >= threshold) return null;
  return {
    reason: "low_confidence",
    message: `the reviewer's confidence ${review.confidence} for repair ${retry} is below ${threshold}: stopping early rather than guessing`,
  };
}
