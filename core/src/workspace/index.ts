export { type ApplyChangesResult, applyChanges } from "./apply-changes.js";
export {
  type ChangePathCheck,
  type ChangePathOptions,
  checkChangePath,
  createFileChangesSchema,
} from "./change-path.js";
export { decodeText, isVendored, LOCKFILES, VENDORED_FOLDERS } from "./classify-file.js";
export {
  detectTestCommand,
  runnerOf,
  TEST_RUNNERS,
  type TestCommand,
  type TestRunner,
} from "./detect-test-command.js";
export { type ChangesDiff, diffSnapshots, type FileDiffStat } from "./diff-changes.js";
export {
  type FileOutline,
  importCandidates,
  isOutlined,
  outlineFile,
} from "./extract-definitions.js";
export { type FileChange, FileChangeSchema, FileChangesSchema } from "./file-change.js";
export {
  judgeTestRun,
  type RequiredTest,
  type TestRunFacts,
  type TestRunVerdict,
} from "./judge-test-run.js";
export { parseJunitReport, type ReportPathOptions } from "./parse-junit-report.js";
export {
  NODE_TEST_REPORTER_SOURCE,
  type NodeTestEvent,
  NodeTestEventSchema,
  parseNodeTestEvents,
} from "./parse-node-test-events.js";
export {
  type DirectorySnapshotOptions,
  readDirectorySnapshot,
} from "./read-directory-snapshot.js";
export { readTarballSnapshot } from "./read-tarball-snapshot.js";
export {
  buildRepoMap,
  DEFAULT_REPO_MAP_TOKENS,
  type RepoMap,
  type RepoMapOptions,
} from "./repo-map.js";
export { SnapshotBuilder } from "./snapshot-builder.js";
export { DEFAULT_SNAPSHOT_OPTIONS, type SnapshotOptions } from "./snapshot-options.js";
export {
  createTestReport,
  relativeReportPath,
  TEST_OUTCOMES,
  type TestCaseResult,
  type TestOutcome,
  type TestReport,
} from "./test-report.js";
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
