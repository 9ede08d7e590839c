import type { TaskResult } from "@codeforge/core";
import type { SandboxImageReport } from "../ensure-sandbox-image.js";
import { markdownTable } from "../summary/markdown-table.js";

/** What the job summary of a task run says besides the result. */
export interface TaskSummaryExtras {
  image: SandboxImageReport;
  prUrl?: string;
  diffFile?: string;
  /** Where the changes went when no pull request was opened. */
  changesLeftIn?: string;
}

/**
 * The job summary of a task run, in Markdown: status, model, retries, tokens, cost, time;
 * the changed files; the pull request or where the changes are; the reason of a failure.
 */
export function taskSummary(result: TaskResult, extras: TaskSummaryExtras): string {
  const parts = [`## CodeForge task: ${result.status}`];
  parts.push(
    markdownTable(
      ["status", "model", "retries", "tokens", "cost (USD)", "seconds"],
      [
        [
          result.status,
          result.modelUsed ?? "n/a",
          String(result.retryCount),
          String(result.totalTokens),
          result.totalCostUsd.toFixed(4),
          (result.totalTimeMs / 1000).toFixed(1),
        ],
      ],
    ),
  );
  const diff = result.repository?.diff;
  if (diff && diff.files.length > 0) {
    parts.push(
      markdownTable(
        ["file", "+", "-"],
        diff.files.map((file) => [file.path, String(file.additions), String(file.deletions)]),
      ),
    );
  }
  if (extras.prUrl) parts.push(`Pull request: ${extras.prUrl}`);
  if (extras.changesLeftIn)
    parts.push(`The changes are in the workspace (${extras.changesLeftIn}).`);
  if (extras.diffFile) parts.push(`Diff file: \`${extras.diffFile}\``);
  if (result.status === "failed" && result.errorMessage) {
    parts.push(`**Why it failed:** ${result.errorMessage}`);
  }
  parts.push(
    extras.image.built
      ? `Sandbox image ${extras.image.image} built on the runner in ${(extras.image.durationMs / 1000).toFixed(1)} s.`
      : `Sandbox image ${extras.image.image} was already there.`,
  );
  return `${parts.join("\n\n")}\n`;
}
