import type { TaskResult } from "@codeforge/core";
import {
  codeBlock,
  formatCost,
  formatCount,
  formatDuration,
  tableCell,
  truncate,
} from "./format.js";

/** What the PR body says besides the task's result. */
export interface PullRequestBodyOptions {
  /** The issue the PR closes (`Fixes #n`); none for a PR into another PR's branch. */
  issueNumber?: number | null;
  /** The task as the person asked it. */
  task: string;
  /** Who asked, shown as `@login`. */
  requestedBy?: string | null;
  /** A link to the comment that asked. */
  commentUrl?: string | null;
}

const TEST_LIST_LIMIT = 50;
const BODY_LIMIT = 60_000;

/**
 * The pull request body, the one renderer the App and the Action share: `Fixes #n`, the task,
 * the plan, the diff stats, the tests that ran with their result, the repair history (root
 * cause, fix and confidence per repair), the model, tokens, cost and time.
 */
export function renderPullRequestBody(result: TaskResult, options: PullRequestBodyOptions): string {
  const sections: string[] = [];
  const intro: string[] = [];
  if (options.issueNumber) intro.push(`Fixes #${options.issueNumber}`);
  const asked = [
    options.requestedBy ? `@${options.requestedBy}` : null,
    options.commentUrl ? `[asked](${options.commentUrl})` : "asked",
  ]
    .filter(Boolean)
    .join(" ");
  intro.push(`${asked}:`, "", quote(truncate(options.task.trim(), 2000)));
  sections.push(intro.join("\n"));

  if (result.plan) {
    const plan = result.plan.subtasks.map((subtask) => `${subtask.id}. ${subtask.description}`);
    sections.push(["## Plan", "", ...plan].join("\n"));
  }

  const repository = result.repository;
  if (repository) {
    const diff = repository.diff;
    const files = diff.files.map(
      (file) =>
        `| \`${tableCell(file.path)}\` | ${file.status} | +${file.additions} | −${file.deletions} |`,
    );
    sections.push(
      [
        "## Changes",
        "",
        `${diff.files.length} file${diff.files.length === 1 ? "" : "s"} changed, +${diff.additions} −${diff.deletions}`,
        "",
        "| File | Change | Added | Removed |",
        "| --- | --- | ---: | ---: |",
        ...files,
      ].join("\n"),
    );

    const tests = repository.tests;
    const count = (outcome: string) => tests.filter((test) => test.outcome === outcome).length;
    const verdict = result.status === "completed" ? "✅ passed" : "❌ failed";
    const summary = `\`${repository.testCommand}\` — ${verdict}: ${count("passed")} passed, ${count("failed")} failed, ${count("errored")} errored, ${count("skipped")} skipped`;
    const listed = tests
      .slice(0, TEST_LIST_LIMIT)
      .map(
        (test) =>
          `- ${outcomeIcon(test.outcome)} \`${tableCell(test.file ? `${test.file}::${test.name}` : test.name)}\``,
      );
    if (tests.length > TEST_LIST_LIMIT)
      listed.push(`- … and ${tests.length - TEST_LIST_LIMIT} more`);
    const baseline = repository.baseline
      ? repository.baseline.passed
        ? `Before the change: ${repository.baseline.tests} tests passed.`
        : `Before the change: ${repository.baseline.failing.length} of ${repository.baseline.tests} tests already failed.`
      : null;
    sections.push(
      [
        "## Tests",
        "",
        summary,
        ...(baseline ? ["", baseline] : []),
        ...(listed.length > 0
          ? ["", "<details><summary>Tests that ran</summary>", "", ...listed, "", "</details>"]
          : []),
      ].join("\n"),
    );
  }

  const repairs = result.attempts.filter((attempt) => attempt.review !== undefined);
  if (repairs.length > 0) {
    const rows = repairs.map((attempt, index) => {
      const review = attempt.review;
      if (!review) return "";
      return `| ${index + 1} | ${tableCell(truncate(review.root_cause, 300))} | ${tableCell(truncate(review.fix_description, 300))} | ${review.confidence.toFixed(2)} |`;
    });
    sections.push(
      [
        "## Repair history",
        "",
        "| Repair | Root cause | Fix | Confidence |",
        "| ---: | --- | --- | ---: |",
        ...rows,
      ].join("\n"),
    );
  } else {
    sections.push("## Repair history\n\nNo repair was needed: the first attempt passed.");
  }

  sections.push(
    [
      "## Cost",
      "",
      `Model \`${result.modelUsed ?? "none"}\`${result.complexity ? ` (${result.complexity} task)` : ""} · ${formatCount(result.totalTokens)} tokens · ${formatCost(result.totalCostUsd)} · ${formatDuration(result.totalTimeMs)}`,
    ].join("\n"),
  );
  sections.push(`<sub>Opened by CodeForge · task \`${result.taskId}\`</sub>`);
  const body = sections.join("\n\n");
  return body.length <= BODY_LIMIT ? `${body}\n` : `${truncate(body, BODY_LIMIT)}\n`;
}

/** The diff as a collapsed block, for a comment that needs it (kept out of the body's limit). */
export function renderDiffDetails(patch: string): string {
  return [
    "<details><summary>Diff</summary>",
    "",
    codeBlock(truncate(patch, 50_000), "diff"),
    "",
    "</details>",
  ].join("\n");
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

function outcomeIcon(outcome: string): string {
  return outcome === "passed" ? "✅" : outcome === "skipped" ? "⏭️" : "❌";
}
