/**
 * What the status site reads at build time (`@codeforge/core/snapshot`): the snapshot schema,
 * its types and `parseSnapshot`, without the store or any other runtime part of core.
 */
export { parseSnapshot, type SnapshotParseResult } from "./parse-snapshot.js";
export {
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type SnapshotBenchmarkResult,
  type SnapshotBenchmarkRun,
  SnapshotSchema,
  type SnapshotTask,
} from "./snapshot-schema.js";
