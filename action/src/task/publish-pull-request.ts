import type { TaskResult } from "@codeforge/core";
import {
  branchName,
  DEFAULT_BRANCH_TEMPLATE,
  type GitHubClient,
  openPullRequest,
  publishChanges,
  type RepositoryRef,
  renderPullRequestBody,
} from "@codeforge/github";

/** What {@link publishPullRequest} needs besides the client and the result. */
export interface PublishPullRequestOptions {
  repository: RepositoryRef;
  /** The commit the task ran on (`GITHUB_SHA`): the new commit's parent. */
  baseCommit: string;
  /** The branch the pull request goes into. */
  baseBranch: string;
  prompt: string;
  issueNumber: number | null;
  requestedBy: string | null;
  commentUrl: string | null;
  /** Numbers the branch when there is no issue (`GITHUB_RUN_ID`). */
  runNumber: number;
}

/** The first line of the task, as a pull request title. */
function titleOf(prompt: string): string {
  const line = prompt.split("\n").find((text) => text.trim() !== "") ?? "CodeForge changes";
  const trimmed = line.trim();
  return trimmed.length > 72 ? `${trimmed.slice(0, 71)}…` : trimmed;
}

/**
 * Publishes a completed repository task as a pull request, as the App does: the changes
 * committed on a new branch through the Git Data API, then `POST /pulls` with the one PR
 * body both surfaces share. Returns the branch and the pull request's URL.
 */
export async function publishPullRequest(
  client: GitHubClient,
  result: TaskResult,
  options: PublishPullRequestOptions,
): Promise<{ branch: string; url: string }> {
  const changes = result.repository?.changes ?? [];
  const title = titleOf(options.prompt);
  const published = await publishChanges(client, {
    ...options.repository,
    branch: branchName(DEFAULT_BRANCH_TEMPLATE, {
      number: options.issueNumber ?? options.runNumber,
      title,
    }),
    baseCommit: options.baseCommit,
    changes,
    message: `${title}\n\nMade by CodeForge (task ${result.taskId}).`,
  });
  const pull = await openPullRequest(client, {
    ...options.repository,
    head: published.branch,
    base: options.baseBranch,
    title,
    body: renderPullRequestBody(result, {
      issueNumber: options.issueNumber,
      task: options.prompt,
      requestedBy: options.requestedBy,
      commentUrl: options.commentUrl,
    }),
  });
  return { branch: published.branch, url: pull.url };
}
