export { decodeText, isVendored, LOCKFILES, VENDORED_FOLDERS } from "./classify-file.js";
export {
  type DirectorySnapshotOptions,
  readDirectorySnapshot,
} from "./read-directory-snapshot.js";
export { readTarballSnapshot } from "./read-tarball-snapshot.js";
export { SnapshotBuilder } from "./snapshot-builder.js";
export { DEFAULT_SNAPSHOT_OPTIONS, type SnapshotOptions } from "./snapshot-options.js";
export {
  WORKSPACE_ERROR_CODES,
  WorkspaceError,
  type WorkspaceErrorCode,
  type WorkspaceErrorOptions,
} from "./workspace-error.js";
export {
  createSnapshot,
  SKIP_REASONS,
  type SkipReason,
  snapshotFile,
  type WorkspaceFile,
  type WorkspaceSnapshot,
} from "./workspace-snapshot.js";
