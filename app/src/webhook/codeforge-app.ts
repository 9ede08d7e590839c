import type { ApplicationFunction } from "probot";
import type { TaskQueue } from "../queue/task-queue.js";
import { type CommentEvent, fromIssueComment, fromReviewComment } from "./comment-event.js";
import { handleComment } from "./handle-comment.js";

/** What the Probot app needs besides Probot. */
export interface CodeForgeAppOptions {
  queue: TaskQueue;
  trigger?: string;
}

/**
 * The Probot application function: new comments on issues, PRs and PR diffs go to
 * {@link handleComment}. Edited comments never trigger (only `created` is handled).
 */
export function codeForgeApp(options: CodeForgeAppOptions): ApplicationFunction {
  return (app) => {
    const handle = async (
      context: { id: string; octokit: unknown; log: { info: (o: object, m: string) => void } },
      event: CommentEvent,
    ): Promise<void> => {
      const outcome = await handleComment(
        {
          client: context.octokit as Parameters<typeof handleComment>[0]["client"],
          queue: options.queue,
          ...(options.trigger ? { trigger: options.trigger } : {}),
        },
        event,
      );
      context.log.info({ outcome, comment: event.commentId }, "comment handled");
    };
    app.on("issue_comment.created", async (context) => {
      await handle(context, fromIssueComment(context.id, context.payload));
    });
    app.on("pull_request_review_comment.created", async (context) => {
      await handle(context, fromReviewComment(context.id, context.payload));
    });
  };
}
