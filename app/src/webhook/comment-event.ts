import { z } from "zod";

const UserSchema = z.object({ login: z.string(), type: z.string() });

/** The fields of an `issue_comment` payload the App uses. */
export const IssueCommentPayloadSchema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
  issue: z.object({
    number: z.number().int(),
    title: z.string(),
    body: z.string().nullable(),
    pull_request: z.object({}).loose().optional(),
  }),
  comment: z.object({
    id: z.number().int(),
    body: z.string().nullable(),
    html_url: z.string(),
    user: UserSchema,
  }),
  sender: UserSchema,
});

/** The fields of a `pull_request_review_comment` payload the App uses. */
export const ReviewCommentPayloadSchema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
  pull_request: z.object({
    number: z.number().int(),
    title: z.string(),
    body: z.string().nullable(),
  }),
  comment: z.object({
    id: z.number().int(),
    body: z.string().nullable(),
    html_url: z.string(),
    user: UserSchema,
  }),
  sender: UserSchema,
});

/** A new comment on an issue, a PR, or a PR's diff, in one shape. */
export interface CommentEvent {
  deliveryId: string;
  installationId: number;
  owner: string;
  repo: string;
  number: number;
  isPullRequest: boolean;
  title: string;
  body: string;
  commentId: number;
  commentBody: string;
  commentUrl: string;
  commentKind: "issue" | "review";
  author: { login: string; type: string };
}

/** Reads an `issue_comment` payload. */
export function fromIssueComment(deliveryId: string, payload: unknown): CommentEvent {
  const event = IssueCommentPayloadSchema.parse(payload);
  return {
    deliveryId,
    installationId: event.installation.id,
    owner: event.repository.owner.login,
    repo: event.repository.name,
    number: event.issue.number,
    isPullRequest: event.issue.pull_request !== undefined,
    title: event.issue.title,
    body: event.issue.body ?? "",
    commentId: event.comment.id,
    commentBody: event.comment.body ?? "",
    commentUrl: event.comment.html_url,
    commentKind: "issue",
    author: event.comment.user,
  };
}

/** Reads a `pull_request_review_comment` payload. */
export function fromReviewComment(deliveryId: string, payload: unknown): CommentEvent {
  const event = ReviewCommentPayloadSchema.parse(payload);
  return {
    deliveryId,
    installationId: event.installation.id,
    owner: event.repository.owner.login,
    repo: event.repository.name,
    number: event.pull_request.number,
    isPullRequest: true,
    title: event.pull_request.title,
    body: event.pull_request.body ?? "",
    commentId: event.comment.id,
    commentBody: event.comment.body ?? "",
    commentUrl: event.comment.html_url,
    commentKind: "review",
    author: event.comment.user,
  };
}
