import type { PgBoss } from "pg-boss";
import { jobIdFor } from "./job-id.js";
import { type TaskJob, TaskJobSchema, threadKey } from "./task-job.js";

/** The queue's name in pg-boss. */
export const TASK_QUEUE = "codeforge-task";
/** Where jobs that failed for good land, so a worker can still say so on the thread. */
export const FAILED_TASK_QUEUE = "codeforge-task-failed";

/** How the queue keeps jobs alive and retries them. */
export interface TaskQueueTimings {
  /** A worker that stops heart-beating this long loses its job (retried or failed). Min 10. */
  heartbeatSeconds: number;
  /** How often a worker heart-beats; also how soon a cancel reaches a running job. */
  heartbeatRefreshSeconds: number;
  /** The longest a job may run. */
  expireInSeconds: number;
  /** Retries after an infrastructure fault or a dead worker (never after an honest failure). */
  retryLimit: number;
  /** Seconds between checks for new jobs. */
  pollingIntervalSeconds: number;
}

export const DEFAULT_QUEUE_TIMINGS: TaskQueueTimings = {
  heartbeatSeconds: 30,
  heartbeatRefreshSeconds: 3,
  expireInSeconds: 3600,
  retryLimit: 2,
  pollingIntervalSeconds: 1,
};

/** A job as the queue lists it. */
export interface QueuedJob {
  id: string;
  state: string;
  createdOn: Date;
  data: TaskJob;
}

/** What {@link TaskQueue.enqueue} did. */
export type EnqueueResult =
  | { accepted: true; jobId: string }
  | { accepted: false; jobId: string; reason: "duplicate" };

/** What a worker gets with a job. */
export interface JobContext {
  jobId: string;
  /** Aborted when the job is cancelled, expires or the worker stops. */
  signal: AbortSignal;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

/**
 * The App's durable queue on pg-boss: one job per accepted command, keyed by the comment so a
 * redelivered webhook adds nothing, one active job per thread (a `singleton` queue keyed by the
 * thread), heartbeats so a dead worker's job is taken again, and a dead-letter queue for jobs
 * that failed for good.
 */
export interface TaskQueue {
  enqueue(job: TaskJob): Promise<EnqueueResult>;
  /** The thread's jobs that are waiting or running, oldest first. */
  threadJobs(job: Pick<TaskJob, "owner" | "repo" | "number">): Promise<QueuedJob[]>;
  /** Cancels a job; a running one sees its signal aborted at its next heartbeat. */
  cancel(jobId: string): Promise<void>;
  /** Runs `handler` for each job; a throw is an infrastructure fault, retried up to the limit. */
  work(handler: (job: TaskJob, context: JobContext) => Promise<void>): Promise<void>;
  /** Runs `handler` for each job that failed for good (retries used, or its worker died). */
  workFailed(handler: (job: TaskJob, jobId: string) => Promise<void>): Promise<void>;
  /** Whether the database answers. */
  isUp(): Promise<boolean>;
}

/** Creates the queues (idempotent) and returns the App's view of them. */
export async function createTaskQueue(
  boss: PgBoss,
  timings: TaskQueueTimings = DEFAULT_QUEUE_TIMINGS,
): Promise<TaskQueue> {
  const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
  if (!existing.has(FAILED_TASK_QUEUE)) {
    await boss.createQueue(FAILED_TASK_QUEUE, { retryLimit: 3, retryDelay: 5 });
  }
  if (!existing.has(TASK_QUEUE)) {
    await boss.createQueue(TASK_QUEUE, {
      policy: "singleton",
      heartbeatSeconds: timings.heartbeatSeconds,
      expireInSeconds: timings.expireInSeconds,
      retryLimit: timings.retryLimit,
      retryDelay: 5,
      retryBackoff: true,
      deadLetter: FAILED_TASK_QUEUE,
    });
  }
  const listThread = async (key: string): Promise<QueuedJob[]> => {
    const jobs = await boss.findJobs<TaskJob>(TASK_QUEUE, { key });
    return jobs
      .filter((job) => job.state === "created" || job.state === "retry" || job.state === "active")
      .sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime())
      .map((job) => ({ id: job.id, state: job.state, createdOn: job.createdOn, data: job.data }));
  };
  return {
    async enqueue(job) {
      const id = jobIdFor(`${job.owner}/${job.repo}`, job.commentId);
      const key = threadKey(job);
      const sent = await boss.send(TASK_QUEUE, job, { id, singletonKey: key });
      if (sent === null) return { accepted: false, jobId: id, reason: "duplicate" };
      return { accepted: true, jobId: id };
    },
    threadJobs: (job) => listThread(threadKey(job)),
    async cancel(jobId) {
      await boss.cancel(TASK_QUEUE, jobId);
    },
    async work(handler) {
      await boss.work(
        TASK_QUEUE,
        {
          pollingIntervalSeconds: timings.pollingIntervalSeconds,
          heartbeatRefreshSeconds: timings.heartbeatRefreshSeconds,
          includeMetadata: true,
        },
        async ([job]) => {
          if (!job) return;
          await handler(TaskJobSchema.parse(job.data), {
            jobId: job.id,
            signal: job.signal,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
          });
        },
      );
    },
    async workFailed(handler) {
      await boss.work(
        FAILED_TASK_QUEUE,
        { pollingIntervalSeconds: timings.pollingIntervalSeconds, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          await handler(TaskJobSchema.parse(job.data), job.sourceId ?? job.id);
        },
      );
    },
    async isUp() {
      try {
        await boss.getDb().executeSql("select 1");
        return true;
      } catch {
        return false;
      }
    },
  };
}
