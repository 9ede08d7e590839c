export { createPipelineParts, type PipelineParts } from "./app-parts.js";
export { type AppSettings, AppSettingsError, readAppSettings } from "./app-settings.js";
export { jobIdFor } from "./queue/job-id.js";
export {
  type OpenQueueDatabaseOptions,
  openQueueDatabase,
  type QueueDatabase,
  type QueueLocation,
} from "./queue/open-queue-database.js";
export { type TaskJob, TaskJobSchema, threadKey } from "./queue/task-job.js";
export {
  createTaskQueue,
  DEFAULT_QUEUE_TIMINGS,
  type EnqueueResult,
  type JobContext,
  type TaskQueue,
  type TaskQueueTimings,
} from "./queue/task-queue.js";
export { type AppContext, runApp } from "./run-app.js";
export { type AppServer, createAppServer } from "./server/create-app-server.js";
export { type CommentOutcome, handleComment } from "./webhook/handle-comment.js";
export { type JobOutcome, type RunJobDeps, runJob } from "./worker/run-job.js";
