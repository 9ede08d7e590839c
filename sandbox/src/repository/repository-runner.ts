import { randomBytes } from "node:crypto";
import {
  applyChanges,
  createTestReport,
  type FileChange,
  judgeTestRun,
  NODE_TEST_REPORTER_SOURCE,
  type OutputStream,
  parseJunitReport,
  parseNodeTestEvents,
  type RepositorySetup,
  type RepositoryTestRunner,
  type RequiredTest,
  SandboxError,
  type TestCommand,
  type TestReport,
  type TestRunVerdict,
  type WorkspaceSnapshot,
} from "@codeforge/core";
import type Docker from "dockerode";
import { abortReason } from "../docker/abort-reason.js";
import { createContainerOptions, SANDBOX_WORKDIR } from "../docker/container-options.js";
import { toSandboxError } from "../docker/docker-error.js";
import {
  killContainer,
  removeContainer,
  type SandboxLogger,
  STALE_GRACE_MS,
} from "../docker/docker-executor.js";
import { OutputCollector } from "../docker/output-collector.js";
import { requireDockerClient } from "../docker/require-docker-client.js";
import { sandboxImageFor } from "../images/image-names.js";
import type { SandboxOptions } from "../sandbox-options.js";
import { readReportFolder } from "./read-report-folder.js";
import { createRepositoryArchive } from "./repository-archive.js";
import {
  REPORT_FILES,
  REPORTER_UPLOAD_NAME,
  REPOSITORY_UNPACK_FAILED,
  reportEnvironment,
  repositoryCommand,
} from "./repository-bootstrap.js";
import { createSetupImages, type SetupImage } from "./repository-setup.js";

/** Beyond the tests' limit, how long a repository container lives for its report to be read. */
const OWN_LIMIT_GRACE_MS = 30_000;

/** What to verify: a snapshot, the changes on top of it, and how its tests run. */
export interface RepositoryRunSpec {
  snapshot: WorkspaceSnapshot;
  /** The agent's changes; applied (and their paths checked) before the run. */
  changes?: readonly FileChange[];
  /** Allow changes under `.github/workflows/` (the operator's choice). */
  allowWorkflowChanges?: boolean;
  testCommand: TestCommand;
  /**
   * The repository's setup (`repository.setup`) on its base snapshot: made into an image
   * once per set of dependency files (network on), which the tests then start from.
   */
  setup?: RepositorySetup;
  /** The tests the agent wrote or changed: the run passes only when they ran. */
  requiredTests?: readonly RequiredTest[];
  timeoutMs?: number;
  memoryMb?: number;
  cpus?: number;
  signal?: AbortSignal;
  onOutput?: (stream: OutputStream, chunk: string) => void;
}

/** What a repository's test run showed. Failing tests are a result, never an exception. */
export interface RepositoryRunResult {
  /** The test command's exit status; null when it was killed (timeout) or never ran. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  oomKilled: boolean;
  durationMs: number;
  /** The runner's machine-readable report, read from a file after the run. */
  report: TestReport | undefined;
  /** Why a report that was written could not be read. */
  reportError?: string;
  verdict: TestRunVerdict;
  /** Snapshot files that could not be uploaded (their content was never read). */
  omittedFiles: string[];
  containerId: string;
  /** The setup image the tests started from, when the spec had a setup. */
  setup?: SetupImage;
}

/** What {@link createRepositoryRunner} needs. */
export interface RepositoryRunnerOptions {
  /** The engine, from the composition root. */
  docker: Docker;
  /** Images and limits (`config.sandbox`), the same as for programs. */
  config: SandboxOptions;
  logger?: SandboxLogger;
  /** Wall-clock limit of one repository setup; default 10 minutes. */
  setupTimeoutMs?: number;
}

/**
 * Runs a repository's tests on a snapshot plus changes in the sandbox: the pipeline's
 * `RepositoryTestRunner`, with the changes, required tests and verdict besides.
 */
export interface RepositoryRunner extends RepositoryTestRunner {
  run(spec: RepositoryRunSpec): Promise<RepositoryRunResult>;
}

/**
 * Verifies a repository snapshot plus changes in a fresh, locked-down container (the
 * same options and limits as every program: network off, read-only root, writable
 * working directory and `/tmp` only, non-root, capped output). The files travel in as
 * an archive on stdin, never a bind mount. The repository's test command runs with
 * environment that makes pytest and `node --test` write machine-readable reports into a
 * folder with a random name; once the command exits, that folder is read out of the
 * container and parsed, and the run is judged on the exit status and the report — never
 * on lines the tested code prints. Refused changes (a path outside the repository,
 * `.git/`, workflows) throw `SandboxError` (`invalid_request`): check them with
 * `applyChanges` first. A spec with a `setup` first gets its setup image
 * (`createSetupImages`: made once per set of dependency files, network on) and the tests
 * start from it, network off as always; a failed setup throws `SandboxError`
 * (`setup_failed`).
 *
 * @example
 * const runner = createRepositoryRunner({ docker, config: config.sandbox });
 * const result = await runner.run({ snapshot, changes, testCommand: detectTestCommand(snapshot)! });
 * result.verdict; // { passed: false, reasons: ["1 failed and 0 errored: tests/test_time.py: test_parse"] }
 */
export function createRepositoryRunner(options: RepositoryRunnerOptions): RepositoryRunner {
  const { docker, config, logger } = options;
  requireDockerClient(docker);
  const setupImages = createSetupImages({
    docker,
    config,
    ...(logger ? { logger } : {}),
    ...(options.setupTimeoutMs === undefined ? {} : { timeoutMs: options.setupTimeoutMs }),
  });
  return {
    async run(spec) {
      const applied = applyChanges(spec.snapshot, spec.changes ?? [], {
        allowWorkflowChanges: spec.allowWorkflowChanges,
      });
      if (!applied.ok) {
        throw new SandboxError(
          `The changes cannot be applied to the repository: ${applied.problems.join("; ")}`,
          { code: "invalid_request" },
        );
      }
      spec.signal?.throwIfAborted();
      const timeoutMs = spec.timeoutMs ?? config.timeoutSeconds * 1000;
      const baseImage = sandboxImageFor(config, spec.testCommand.language);
      const setup = spec.setup
        ? await setupImages.prepare({
            setup: spec.setup,
            baseImage,
            language: spec.testCommand.language,
            ...(spec.signal ? { signal: spec.signal } : {}),
          })
        : undefined;
      const image = setup?.image ?? baseImage;
      // A name the tested code cannot guess up front, so it cannot prepare a report.
      const reportFolder = `/tmp/codeforge-report-${randomBytes(8).toString("hex")}`;
      const { archive, omitted } = await createRepositoryArchive(applied.snapshot, {
        [REPORTER_UPLOAD_NAME]: NODE_TEST_REPORTER_SOURCE,
      });
      if (omitted.length > 0) {
        logger?.debug(
          { omitted: omitted.length },
          "snapshot files without content stay out of the sandbox",
        );
      }
      let container: Docker.Container;
      try {
        container = await docker.createContainer(
          createContainerOptions({
            image,
            command: repositoryCommand(
              reportFolder,
              spec.testCommand.command,
              timeoutMs + OWN_LIMIT_GRACE_MS,
            ),
            config,
            memoryMb: spec.memoryMb,
            cpus: spec.cpus,
            deadlineMs: Date.now() + timeoutMs + STALE_GRACE_MS,
            openStdin: true,
            env: reportEnvironment(reportFolder),
          }),
        );
      } catch (error) {
        throw toSandboxError(error, { image, action: "create a sandbox container" });
      }
      try {
        const run = await runTests(
          docker,
          container,
          spec,
          archive,
          reportFolder,
          timeoutMs,
          config,
        );
        return {
          ...run,
          omittedFiles: omitted,
          containerId: container.id,
          ...(setup ? { setup } : {}),
        };
      } finally {
        await removeContainer(container, logger);
      }
    },
  };
}

type TestsOutcome = Omit<RepositoryRunResult, "omittedFiles" | "containerId">;

async function runTests(
  docker: Docker,
  container: Docker.Container,
  spec: RepositoryRunSpec,
  archive: Buffer,
  reportFolder: string,
  timeoutMs: number,
  config: SandboxOptions,
): Promise<TestsOutcome> {
  const collector = new OutputCollector(config.outputLimitBytes, spec.onOutput);
  let stream: NodeJS.ReadWriteStream;
  try {
    stream = await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    });
  } catch (error) {
    throw toSandboxError(error, { action: "attach to the sandbox container" });
  }
  const drained = new Promise<void>((resolve) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", () => resolve());
  });
  stream.on("data", (chunk: Buffer) => collector.push(chunk));

  let stopped: "timeout" | "abort" | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wakeStopped: () => void = () => {};
  const stoppedSignal = new Promise<void>((resolve) => {
    wakeStopped = resolve;
  });
  const stop = (reason: "timeout" | "abort") => {
    stopped ??= reason;
    wakeStopped();
  };
  const onAbort = () => stop("abort");
  spec.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (spec.signal?.aborted) throw abortReason(spec.signal);
    const startedAt = performance.now();
    try {
      await container.start();
    } catch (error) {
      throw toSandboxError(error, { action: "start the sandbox container" });
    }
    timer = setTimeout(() => stop("timeout"), timeoutMs);
    stream.end(archive);

    // Whichever comes first: the report (the command finished), the container's own end
    // (the archive did not unpack, or the memory limit killed the bootstrap), a stop.
    const reportRead = readReportFolder(docker, container, reportFolder).then(
      (files) => ({ kind: "report" as const, files }),
      (error: unknown) => ({ kind: "report-failed" as const, error }),
    );
    const exited = container.wait().then(
      (exit: { StatusCode?: number }) => ({
        kind: "exited" as const,
        status: exit.StatusCode ?? null,
      }),
      (error: unknown) => ({ kind: "exited" as const, status: null, error }),
    );
    let first = await Promise.race([
      reportRead,
      exited,
      stoppedSignal.then(() => ({ kind: "stopped" as const })),
    ]);
    if (first.kind === "report-failed") {
      // The exec fails when the container stopped before the command finished.
      const ended = await Promise.race([exited, delay(2_000).then(() => undefined)]);
      if (ended !== undefined) first = ended;
    }
    const durationMs = Math.round(performance.now() - startedAt);
    clearTimeout(timer);
    await killContainer(container);
    await Promise.race([drained, delay(2_000)]);
    if (stopped === "abort") throw abortReason(spec.signal);
    if (collector.listenerError) throw collector.listenerError.error;
    let state: { OOMKilled?: boolean };
    try {
      state = (await container.inspect()).State;
    } catch (error) {
      throw toSandboxError(error, { action: "inspect the sandbox container" });
    }
    const output = collector.result();
    let exitCode: number | null = null;
    let report: TestReport | undefined;
    let reportError: string | undefined;
    if (first.kind === "report") {
      exitCode = Number.parseInt(first.files.get(REPORT_FILES.exitCode) ?? "", 10);
      if (Number.isNaN(exitCode)) exitCode = null;
      ({ report, reportError } = parseReports(first.files));
    } else if (first.kind === "exited") {
      exitCode = first.status;
      if (first.status === REPOSITORY_UNPACK_FAILED)
        reportError = "the repository could not be unpacked";
    } else if (first.kind === "report-failed") {
      throw toSandboxError(first.error, {
        action: "read the test report from the sandbox container",
      });
    }
    const timedOut = stopped === "timeout";
    const oomKilled = state.OOMKilled === true;
    return {
      exitCode: timedOut ? null : exitCode,
      stdout: output.stdout,
      stderr: output.stderr,
      truncated: output.truncated,
      timedOut,
      oomKilled,
      durationMs,
      report,
      ...(reportError === undefined ? {} : { reportError }),
      verdict: judgeTestRun({
        exitCode: timedOut ? null : exitCode,
        timedOut,
        oomKilled,
        report,
        requiredTests: spec.requiredTests,
      }),
    };
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener("abort", onAbort);
    (stream as NodeJS.ReadWriteStream & { destroy?: () => void }).destroy?.();
  }
}

/** The reports the runners wrote, merged: pytest's JUnit XML and the Node events. */
function parseReports(files: ReadonlyMap<string, string>): {
  report: TestReport | undefined;
  reportError?: string;
} {
  const root = { root: SANDBOX_WORKDIR };
  const parts: TestReport[] = [];
  const errors: string[] = [];
  const junit = files.get(REPORT_FILES.junit);
  if (junit !== undefined) {
    try {
      parts.push(parseJunitReport(junit, root));
    } catch (error) {
      errors.push(`${REPORT_FILES.junit}: ${(error as Error).message}`);
    }
  }
  const events = files.get(REPORT_FILES.nodeEvents);
  if (events !== undefined) parts.push(parseNodeTestEvents(events, root));
  const report =
    parts.length === 0 ? undefined : createTestReport(parts.flatMap((part) => part.tests));
  return errors.length === 0 ? { report } : { report, reportError: errors.join("; ") };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
