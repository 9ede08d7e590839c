import { z } from "zod";

/** The commands that become a job (the others are answered at once by the webhook). */
export const JOB_COMMANDS = ["task", "fix"] as const;

/**
 * What the webhook hands the worker: where the comment was, who wrote it and what it asks.
 * Parsed again when a worker takes the job, since it crossed the database.
 */
export const TaskJobSchema = z.object({
  deliveryId: z.string(),
  installationId: z.number().int(),
  owner: z.string(),
  repo: z.string(),
  /** The issue or pull request the comment is on. */
  number: z.number().int().positive(),
  isPullRequest: z.boolean(),
  /** The (or PR's) title and body, with hidden text removed: the task of `/codeforge` alone. */
  title: z.string(),
  body: z.string(),
  commentId: z.number().int(),
  commentUrl: z.string(),
  /** `issue_comment` or `pull_request_review_comment`: where reactions go. */
  commentKind: z.enum(["issue", "review"]),
  author: z.string(),
  command: z.object({ kind: z.enum(JOB_COMMANDS), text: z.string() }),
});
export type TaskJob = z.infer<typeof TaskJobSchema>;

/** The key that holds one job per issue or PR thread at a time. */
export function threadKey(job: Pick<TaskJob, "owner" | "repo" | "number">): string {
  return `${job.owner}/${job.repo}#${job.number}`.toLowerCase();
}
