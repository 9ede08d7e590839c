import type { TestCommand } from "../workspace/detect-test-command.js";
import type { TestReport } from "../workspace/test-report.js";
import type { WorkspaceSnapshot } from "../workspace/workspace-snapshot.js";
import type { ExecutionResult, OutputStream } from "./executor.js";

/**
 * A repository's dependency step: its `repository.setup` command, run on the snapshot the
 * task started from (never on the agent's changes), with the network on, before the tests.
 */
export interface RepositorySetup {
  /** The command line, e.g. `pip install -e .` or `npm ci`. */
  command: string;
  /** The base snapshot: its dependency files decide whether an earlier setup can be reused. */
  snapshot: WorkspaceSnapshot;
}

/** A repository's tests to run: the files as they are after the changes, and the command. */
export interface RepositoryTestSpec {
  /** The whole snapshot to test (the base with the agent's changes applied). */
  snapshot: WorkspaceSnapshot;
  testCommand: TestCommand;
  /** Run first (once per set of dependency files); the tests then start from its result. */
  setup?: RepositorySetup;
  timeoutMs?: number;
  memoryMb?: number;
  cpus?: number;
  /** Aborting stops the tests and removes the container. */
  signal?: AbortSignal;
  onOutput?: (stream: OutputStream, chunk: string) => void;
}

/**
 * How a repository's test command ended, and the runner's machine-readable report, read
 * from a file after the run (undefined when the runner wrote none): what tests ran is known
 * from it, never from a line the tested code could print.
 */
export interface RepositoryTestRun
  extends Pick<
    ExecutionResult,
    "exitCode" | "stdout" | "stderr" | "timedOut" | "oomKilled" | "durationMs" | "truncated"
  > {
  report: TestReport | undefined;
}

/**
 * Runs a repository's tests in isolation: the snapshot travels into a fresh container as an
 * archive, the network is off, the limits are the sandbox's. The sandbox implements it;
 * tests use a fake with scripted runs.
 */
export interface RepositoryTestRunner {
  run(spec: RepositoryTestSpec): Promise<RepositoryTestRun>;
}
