import { afterEach, describe, expect, it } from "vitest";
import {
  openQueueDatabase,
  type QueueDatabase,
  type QueueLocation,
} from "../open-queue-database.js";
import type { TaskJob } from "../task-job.js";
import { createTaskQueue, DEFAULT_QUEUE_TIMINGS, type JobContext } from "../task-queue.js";

function job(commentId: number, number = 1): TaskJob {
  return {
    deliveryId: `d-${commentId}`,
    installationId: 1,
    owner: "octo",
    repo: "queue-test",
    number,
    isPullRequest: false,
    title: "t",
    body: "b",
    commentId,
    commentUrl: "https://github.com/octo/queue-test/issues/1#issuecomment-1",
    commentKind: "issue",
    author: "alice",
    command: { kind: "task", text: "x" },
  };
}

const timings = {
  ...DEFAULT_QUEUE_TIMINGS,
  heartbeatSeconds: 10,
  heartbeatRefreshSeconds: 1,
  pollingIntervalSeconds: 0.5,
};

/** The queue's specification, run against a real database. */
export function queueContract(name: string, location: () => QueueLocation) {
  describe(`the task queue on ${name}`, () => {
    let database: QueueDatabase | undefined;
    afterEach(async () => {
      if (database) {
        await database.boss.deleteAllJobs();
        await database.close({ graceful: false });
      }
      database = undefined;
    });

    it("takes a comment once, however often it is delivered", async () => {
      database = await openQueueDatabase(location());
      const queue = await createTaskQueue(database.boss, timings);
      const base = Date.now();

      const first = await queue.enqueue(job(base));
      const again = await queue.enqueue({ ...job(base), deliveryId: "redelivered" });

      expect(first.accepted).toBe(true);
      expect(again).toEqual({ accepted: false, jobId: first.jobId, reason: "duplicate" });
      expect((await queue.threadJobs(job(base))).map((queued) => queued.id)).toEqual([first.jobId]);
    });

    it("runs one job per thread at a time and aborts a running job's signal on cancel", async () => {
      database = await openQueueDatabase(location());
      const queue = await createTaskQueue(database.boss, timings);
      const base = Date.now();
      const started: number[] = [];
      let aborted: (() => void) | undefined;
      const abortedAt = new Promise<number>((resolve) => {
        aborted = () => resolve(Date.now());
      });
      const handler = async (taken: TaskJob, context: JobContext) => {
        started.push(taken.commentId);
        if (taken.commentId === base) {
          await new Promise<void>((resolve) => {
            context.signal.addEventListener("abort", () => {
              aborted?.();
              resolve();
            });
          });
        }
      };
      // Two workers: the thread's key alone keeps the second job waiting.
      await queue.work(handler);
      await queue.work(handler);
      const first = await queue.enqueue(job(base, 7));
      await queue.enqueue(job(base + 1, 7));
      await waitUntil(() => started.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(started).toEqual([base]);

      const cancelledAt = Date.now();
      await queue.cancel(first.jobId);

      expect((await abortedAt) - cancelledAt).toBeLessThan(5000);
      await waitUntil(() => started.length === 2);
      expect(started).toEqual([base, base + 1]);
    });
  });
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
