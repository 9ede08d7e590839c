import { z } from "zod";
import { type GitHubClient, type RepositoryRef, statusOf } from "../github-client.js";

/** Permission levels that may start work. */
export const WRITE_PERMISSIONS = ["admin", "maintain", "write"] as const;

/** Who wrote the comment, as the webhook payload's `sender` / `comment.user` says. */
export interface CommentAuthor {
  login: string;
  /** `User`, `Bot` or `Organization`. */
  type: string;
}

/**
 * The gate's verdict: allowed, or why not. `bot` is decided without asking the API;
 * `permission` carries what the API answered (`read`, `none`, …).
 */
export type PermissionVerdict =
  | { allowed: true; permission: string }
  | { allowed: false; reason: "bot" }
  | { allowed: false; reason: "permission"; permission: string };

const PermissionResponseSchema = z.object({
  permission: z.string(),
  role_name: z.string().optional(),
});

/** True for GitHub Apps and other bot accounts, CodeForge itself included. */
export function isBot(author: CommentAuthor): boolean {
  return author.type === "Bot" || author.login.endsWith("[bot]");
}

/**
 * Whether `author` may start work on `repository`: never a bot (no self-trigger loops), and
 * only people with write, maintain or admin permission, asked of the API
 * (`GET /repos/{owner}/{repo}/collaborators/{username}/permission`) rather than inferred from
 * `author_association`. A user the API does not know as a collaborator (404) is refused; other
 * API faults throw, so the caller can retry.
 */
export async function checkPermission(
  client: GitHubClient,
  repository: RepositoryRef,
  author: CommentAuthor,
): Promise<PermissionVerdict> {
  if (isBot(author)) return { allowed: false, reason: "bot" };
  let data: unknown;
  try {
    ({ data } = await client.request(
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      { owner: repository.owner, repo: repository.repo, username: author.login },
    ));
  } catch (error) {
    if (statusOf(error) === 404)
      return { allowed: false, reason: "permission", permission: "none" };
    throw error;
  }
  const answer = PermissionResponseSchema.parse(data);
  const level = answer.role_name === "maintain" ? "maintain" : answer.permission;
  return (WRITE_PERMISSIONS as readonly string[]).includes(level)
    ? { allowed: true, permission: level }
    : { allowed: false, reason: "permission", permission: level };
}
