import type {
  ChangePathOptions,
  ChangesDiff,
  FileChange,
  TestCaseResult,
  TestCommand,
  WorkspaceSnapshot,
} from "../../workspace/index.js";

/**
 * A task on a repository: the files at a base commit, how its tests run and what may be
 * changed. Everything here is what the agent may see: the repository's own files.
 */
export interface RepositoryTaskInput {
  snapshot: WorkspaceSnapshot;
  testCommand: TestCommand;
  /** The repo map the planner and coder see (paths and top-level definitions, cut to a budget). */
  map: string;
  /** The commit the snapshot was taken at, when known. */
  baseCommit?: string | null;
  /**
   * The repository's dependency step (`repository.setup`), run on `snapshot` with the
   * network on before its tests; the tests then start from what it installed.
   */
  setup?: string;
  /** What a change may touch beyond the defaults (the operator's choice). */
  paths?: ChangePathOptions;
}

/** A repository task's artifact: the changes so far and the snapshot they make. */
export interface RepositoryArtifact {
  changes: FileChange[];
  snapshot: WorkspaceSnapshot;
}

/** How the repository's tests stood before any change. */
export interface RepositoryBaseline {
  passed: boolean;
  /** Tests that failed or errored before any change (`file::name`). */
  failing: string[];
  /** Tests that ran. */
  tests: number;
}

/** What a repository task produced, besides the common result fields. */
export interface RepositoryOutcome {
  baseCommit: string | null;
  testCommand: string;
  baseline: RepositoryBaseline | null;
  changes: FileChange[];
  diff: ChangesDiff;
  /** The tests of the last run, with their outcomes. */
  tests: TestCaseResult[];
}
