import {
  checkPermission,
  type GitHubClient,
  parseTrigger,
  stripHiddenText,
} from "@codeforge/github";
import type { TaskQueue } from "../queue/task-queue.js";
import type { CommentEvent } from "./comment-event.js";
import { helpReply, permissionReply, queuedReply } from "./replies.js";
import { react, reply } from "./thread-actions.js";

/** What the webhook handler works with. */
export interface HandleCommentDeps {
  /** The installation's client (Probot's `context.octokit`). */
  client: GitHubClient;
  queue: TaskQueue;
  /** The trigger word; default `/codeforge`. */
  trigger?: string;
}

/** What the handler did with a comment, for logs and tests. */
export type CommentOutcome =
  | { action: "ignored"; reason: "no_trigger" | "bot" }
  | { action: "refused"; permission: string }
  | { action: "answered"; command: "help" | "status" | "cancel" }
  | { action: "queued"; jobId: string; ahead: number }
  | { action: "duplicate"; jobId: string };

/**
 * Handles a new comment: reads the trigger, turns away bots (without a word: no loops) and
 * people without write access (one polite reply), answers `help`, `status` and `cancel` at
 * once, and queues a task or fix — then 👀 on the comment. A redelivered webhook finds its job
 * already queued and does nothing more.
 */
export async function handleComment(
  deps: HandleCommentDeps,
  event: CommentEvent,
): Promise<CommentOutcome> {
  const command = parseTrigger(event.commentBody, deps.trigger ? { trigger: deps.trigger } : {});
  if (command === null) return { action: "ignored", reason: "no_trigger" };
  const repository = { owner: event.owner, repo: event.repo };
  const verdict = await checkPermission(deps.client, repository, event.author);
  if (!verdict.allowed) {
    if (verdict.reason === "bot") return { action: "ignored", reason: "bot" };
    await reply(deps.client, event, permissionReply(event.author.login, verdict.permission));
    return { action: "refused", permission: verdict.permission };
  }
  switch (command.kind) {
    case "help":
      await reply(deps.client, event, helpReply(deps.trigger));
      return { action: "answered", command: "help" };
    case "status": {
      const jobs = await deps.queue.threadJobs(event);
      await reply(deps.client, event, statusReply(jobs.map((job) => job.state)));
      return { action: "answered", command: "status" };
    }
    case "cancel": {
      const jobs = await deps.queue.threadJobs(event);
      for (const job of jobs) await deps.queue.cancel(job.id);
      await reply(
        deps.client,
        event,
        jobs.length === 0
          ? "Nothing to cancel: no CodeForge job is waiting or running in this thread."
          : `Cancelling ${jobs.length === 1 ? "this thread's job" : `${jobs.length} jobs of this thread`}; a running one stops within seconds.`,
      );
      return { action: "answered", command: "cancel" };
    }
    case "task":
    case "fix": {
      const queued = await deps.queue.enqueue({
        deliveryId: event.deliveryId,
        installationId: event.installationId,
        owner: event.owner,
        repo: event.repo,
        number: event.number,
        isPullRequest: event.isPullRequest,
        title: stripHiddenText(event.title),
        body: stripHiddenText(event.body),
        commentId: event.commentId,
        commentUrl: event.commentUrl,
        commentKind: event.commentKind,
        author: event.author.login,
        command: { kind: command.kind, text: command.text },
      });
      if (!queued.accepted) return { action: "duplicate", jobId: queued.jobId };
      // 👀 first: the person should see at once that the command was taken.
      await react(deps.client, event, "eyes");
      const ahead = (await deps.queue.threadJobs(event)).filter(
        (job) => job.id !== queued.jobId,
      ).length;
      if (ahead > 0) await reply(deps.client, event, queuedReply(ahead));
      return { action: "queued", jobId: queued.jobId, ahead };
    }
  }
}

function statusReply(states: string[]): string {
  if (states.length === 0) return "No CodeForge job is waiting or running in this thread.";
  const running = states.filter((state) => state === "active").length;
  const waiting = states.length - running;
  return `CodeForge in this thread: ${running} running, ${waiting} waiting. The progress comment shows the running job's steps.`;
}
