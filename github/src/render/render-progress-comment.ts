import { codeBlock, formatCost, formatCount, formatDuration, truncate } from "./format.js";
import type { ProgressState, ProgressStep } from "./progress-state.js";
import { explainStop } from "./stop-reason-text.js";

/** What the progress comment shows besides the run's state. */
export interface ProgressCommentOptions {
  /** The task as the person asked it; its first line heads the comment. */
  task: string;
  /** The pull request the run opened, once there is one. */
  pullRequestUrl?: string | null;
  /** The branch pushed on failure, when anything was worth keeping. */
  branch?: string | null;
  /** A line under the header for anything the pipeline cannot say (a publishing fault …). */
  notice?: string | null;
  /** The milliseconds clock, for the elapsed time while the run goes on. */
  now?: number;
}

/** The hidden marker that says a comment is CodeForge's progress comment. */
export const PROGRESS_MARKER = "<!-- codeforge:progress -->";

const ICON: Record<ProgressStep["state"], string> = {
  pending: "⬜",
  running: "⏳",
  done: "✅",
  failed: "❌",
};

/**
 * The progress comment's Markdown: a header (working, done or failed, with duration and
 * cost), the checklist of steps, the model and live tokens and cost, and the PR link. A run
 * that failed never reads as a success: the header says failed and why, and what to do.
 *
 * @example
 * const state = events.reduce(applyProgressEvent, initialProgress());
 * await octokit.request("PATCH …/comments/{id}", { body: renderProgressComment(state, { task }) });
 */
export function renderProgressComment(
  state: ProgressState,
  options: ProgressCommentOptions,
): string {
  const lines: string[] = [PROGRESS_MARKER];
  const outcome = state.outcome;
  const elapsed =
    outcome?.durationMs ??
    (state.startedAt !== null && options.now !== undefined ? options.now - state.startedAt : null);
  if (outcome === null) {
    lines.push(
      `### ⏳ CodeForge is working on this${elapsed === null ? "" : ` (${formatDuration(elapsed)} so far)`}`,
    );
  } else if (outcome.status === "completed" && options.pullRequestUrl) {
    lines.push(
      `### ✅ Done in ${formatDuration(outcome.durationMs)} · ${formatCost(outcome.costUsd)}`,
    );
  } else if (outcome.status === "completed") {
    lines.push(
      `### ⚠️ The tests passed, but no pull request was opened · ${formatDuration(outcome.durationMs)} · ${formatCost(outcome.costUsd)}`,
    );
  } else {
    lines.push(
      `### ❌ Failed after ${formatDuration(outcome.durationMs)} · ${formatCost(outcome.costUsd)}`,
    );
  }
  const title = options.task.trim().split("\n", 1)[0] ?? "";
  if (title !== "") lines.push("", `> ${truncate(title, 200)}`);
  if (options.notice) lines.push("", options.notice);
  lines.push("");
  for (const step of state.steps) {
    const note = step.note ? ` — ${truncate(step.note.replace(/\s+/g, " "), 200)}` : "";
    lines.push(`- ${ICON[step.state]} ${step.label}${note}`);
  }
  lines.push("");
  const facts: string[] = [];
  if (state.model) {
    facts.push(
      `**Model:** \`${state.model}\`${state.modelReason ? ` (${state.modelReason})` : state.complexity ? ` (routed for a ${state.complexity} task)` : ""}`,
    );
  }
  facts.push(
    `**Tokens:** ${formatCount(outcome?.tokens ?? state.inputTokens + state.outputTokens)}`,
  );
  facts.push(`**Cost:** ${formatCost(outcome?.costUsd ?? state.costUsd)}`);
  lines.push(facts.join(" · "));
  if (options.pullRequestUrl) lines.push("", `**Pull request:** ${options.pullRequestUrl}`);
  if (outcome !== null && outcome.status === "failed") {
    const stop = explainStop(outcome.stopReason);
    lines.push("", `**Why it stopped:** ${stop.why}`);
    if (outcome.errorMessage) {
      lines.push(
        "",
        "<details><summary>What was tried</summary>",
        "",
        codeBlock(truncate(outcome.errorMessage, 3000)),
        "",
        "</details>",
      );
    }
    if (options.branch) lines.push("", `The last attempt is on branch \`${options.branch}\`.`);
    lines.push("", `**What you can do:** ${stop.whatToDo}`);
  }
  return `${lines.join("\n")}\n`;
}
