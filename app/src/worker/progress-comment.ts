import type { GitHubClient } from "@codeforge/github";

/** Options of {@link createProgressComment}. */
export interface ProgressCommentOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  commentId: number;
  /** Least time between two edits while the run goes on. */
  intervalMs: number;
  /** Applied to every body before it leaves (secrets, the installation token). */
  redact: (text: string) => string;
  onError?: (error: unknown) => void;
}

/** One comment edited as a run goes: at most every `intervalMs`, the latest body always last. */
export interface ProgressComment {
  readonly commentId: number;
  /** Asks for an edit with this body; throttled. */
  update(body: string): void;
  /** Edits now with this body, after any edit in flight; throws when GitHub refuses. */
  finish(body: string): Promise<void>;
}

/**
 * The live progress comment. Edits are throttled (GitHub rate-limits content writes) and never
 * overlap; a failed intermediate edit is reported and the next one tries again.
 */
export function createProgressComment(options: ProgressCommentOptions): ProgressComment {
  let pending: string | null = null;
  let lastEdit = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let finished = false;
  const edit = (body: string): Promise<void> =>
    options.client
      .request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner: options.owner,
        repo: options.repo,
        comment_id: options.commentId,
        body: options.redact(body),
      })
      .then(() => undefined);
  const flush = (): void => {
    timer = undefined;
    if (pending === null || finished) return;
    const body = pending;
    pending = null;
    lastEdit = Date.now();
    inFlight = inFlight.then(() => edit(body)).catch((error: unknown) => options.onError?.(error));
  };
  return {
    commentId: options.commentId,
    update(body) {
      if (finished) return;
      pending = body;
      if (timer) return;
      const wait = Math.max(0, lastEdit + options.intervalMs - Date.now());
      timer = setTimeout(flush, wait);
      timer.unref();
    },
    async finish(body) {
      finished = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = null;
      await inFlight;
      await edit(body);
    },
  };
}
