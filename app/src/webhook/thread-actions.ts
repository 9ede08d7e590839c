import type { GitHubClient } from "@codeforge/github";
import type { CommentEvent } from "./comment-event.js";

/** Posts a comment on the thread. */
export async function reply(
  client: GitHubClient,
  event: Pick<CommentEvent, "owner" | "repo" | "number">,
  body: string,
): Promise<void> {
  await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: event.owner,
    repo: event.repo,
    issue_number: event.number,
    body,
  });
}

/** Adds a reaction to the comment (issue comments and review comments have separate routes). */
export async function react(
  client: GitHubClient,
  event: Pick<CommentEvent, "owner" | "repo" | "commentId" | "commentKind">,
  content: "eyes" | "rocket" | "confused",
): Promise<void> {
  const route =
    event.commentKind === "review"
      ? "POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions"
      : "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";
  await client.request(route, {
    owner: event.owner,
    repo: event.repo,
    comment_id: event.commentId,
    content,
  });
}
