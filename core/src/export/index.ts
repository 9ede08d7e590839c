export {
  type BuildSnapshotOptions,
  buildSnapshot,
  DEFAULT_SNAPSHOT_TASK_LIMIT,
} from "./build-snapshot.js";
export { parseSnapshot, type SnapshotParseResult } from "./parse-snapshot.js";
export { snapshotJsonSchema } from "./snapshot-json-schema.js";
export {
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type SnapshotBenchmarkResult,
  type SnapshotBenchmarkRun,
  SnapshotBenchmarkRunSchema,
  SnapshotSchema,
  type SnapshotTask,
  SnapshotTaskSchema,
} from "./snapshot-schema.js";
