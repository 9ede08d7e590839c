import {
  type ExecutionResult,
  type ExecutionSpec,
  type Executor,
  LANGUAGES,
  SandboxError,
} from "@codeforge/core";
import type Docker from "dockerode";
import { screenProgram } from "../guard/screen-program.js";
import { sandboxImageFor } from "../images/image-names.js";
import type { SandboxOptions } from "../sandbox-options.js";
import { checkExtraFiles } from "../spec/check-extra-files.js";
import { abortReason } from "./abort-reason.js";
import { createContainerOptions } from "./container-options.js";
import { engineStatus, toSandboxError } from "./docker-error.js";
import { OutputCollector } from "./output-collector.js";
import { createProgramArchive, programCommand } from "./program-archive.js";
import { pruneLeftoverContainers } from "./prune-containers.js";
import { requireDockerClient } from "./require-docker-client.js";

/** The part of a logger the executor writes to (a pino logger fits). */
export interface SandboxLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

/** What {@link createDockerExecutor} needs. */
export interface DockerExecutorOptions {
  /**
   * The engine, made by the composition root from its configuration (for example the
   * CLI's `createDockerClient()`, which follows `DOCKER_HOST`); never read from the process here.
   */
  docker: Docker;
  /** Images, limits and the guard policy (`config.sandbox`). */
  config: SandboxOptions;
  logger?: SandboxLogger;
  /**
   * The host name recorded in each container's owner label, which prunes compare with
   * their own before they probe the owner's pid; default `os.hostname()`. Processes that
   * share an engine and a host name but not a pid namespace must pass distinct ones.
   */
  ownerHost?: string;
}

/** How long after its run's own timeout a container counts as stale for pruning. */
export const STALE_GRACE_MS = 60_000;

/**
 * How long after its run's timeout a container kills its program by itself (the host
 * kills it at the timeout; this is for when the host cannot any more).
 */
export const SELF_LIMIT_GRACE_MS = 5_000;

/** How long to wait for the last output after the program exited. */
const OUTPUT_DRAIN_MS = 2_000;

/**
 * An {@link Executor} that runs every program in a fresh, locked-down Docker container
 * (see `createContainerOptions`) and removes it afterwards on every path.
 *
 * The program, its extra files and its stdin travel in as a tar archive on the
 * container's stdin — never a bind mount — so a remote `DOCKER_HOST` works. stdout and
 * stderr are capped at `config.outputLimitBytes` each while they stream. A program that
 * fails, times out or runs out of memory is a result; an unreachable engine or a missing
 * image throws a `SandboxError` with the fix. Code the static guard flags is not run when
 * `config.guard` is `block` (the result says why), runs with a warning under `warn`.
 * Aborting `spec.signal` kills the container and rejects with the signal's reason.
 *
 * @example
 * const executor = createDockerExecutor({ docker, config: config.sandbox });
 * const result = await executor.run({ language: "python", code: "print(1 + 1)" });
 * // result.exitCode === 0, result.stdout === "2\n"
 */
export function createDockerExecutor(options: DockerExecutorOptions): Executor {
  const { docker, config, logger } = options;
  requireDockerClient(docker);
  let pruned: Promise<void> | undefined;

  const pruneOnce = () => {
    pruned ??= pruneLeftoverContainers(docker, { now: Date.now() }).then(
      (result) => {
        for (const leftover of result.leftovers) {
          if (leftover.reason === "owner_gone") {
            logger?.warn(
              { containerId: leftover.id, ownerPid: leftover.ownerPid },
              "removed a sandbox container whose process died during its run (that run was interrupted)",
            );
          } else {
            logger?.debug({ containerId: leftover.id }, "removed a stale sandbox container");
          }
        }
        for (const failure of result.failed) {
          logger?.warn(
            { containerId: failure.id, error: failure.reason },
            "could not remove a leftover sandbox container; `codeforge sandbox prune` removes it",
          );
        }
      },
      (error: unknown) => {
        if (error instanceof SandboxError && error.code === "daemon_unreachable") {
          // The run itself reports an unreachable engine; the next run prunes again.
          pruned = undefined;
          return;
        }
        logger?.warn(
          { error: error instanceof Error ? error.message : String(error) },
          "could not look for leftover sandbox containers; `codeforge sandbox prune` removes them",
        );
      },
    );
    return pruned;
  };

  return {
    async run(spec: ExecutionSpec): Promise<ExecutionResult> {
      checkSpec(spec);
      checkExtraFiles(spec.language, spec.files);
      const blocked = screenProgram(
        config.guard,
        spec.language,
        spec.guardedSource ?? spec.code,
        logger,
      );
      if (blocked !== undefined) return blocked;
      spec.signal?.throwIfAborted();
      await pruneOnce();

      const timeoutMs = spec.timeoutMs ?? config.timeoutSeconds * 1000;
      const image = sandboxImageFor(config, spec.language);
      const archive = await createProgramArchive(spec);
      let container: Docker.Container;
      try {
        container = await docker.createContainer(
          createContainerOptions({
            image,
            command: programCommand(spec.language, timeoutMs + SELF_LIMIT_GRACE_MS),
            config,
            memoryMb: spec.memoryMb,
            cpus: spec.cpus,
            deadlineMs: Date.now() + timeoutMs + STALE_GRACE_MS,
            ...(options.ownerHost === undefined ? {} : { ownerHost: options.ownerHost }),
            openStdin: true,
          }),
        );
      } catch (error) {
        throw toSandboxError(error, { image, action: "create a sandbox container" });
      }
      try {
        return await runContainer(container, spec, archive, timeoutMs, config.outputLimitBytes);
      } finally {
        await removeContainer(container, logger);
      }
    },
  };
}

async function runContainer(
  container: Docker.Container,
  spec: ExecutionSpec,
  archive: Buffer,
  timeoutMs: number,
  outputLimitBytes: number,
): Promise<ExecutionResult> {
  const collector = new OutputCollector(outputLimitBytes, spec.onOutput);
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
    // A reset connection ends the output; the exit status still comes from the engine.
    stream.on("error", () => resolve());
  });
  stream.on("data", (chunk: Buffer) => collector.push(chunk));

  let stopped: "timeout" | "abort" | undefined;
  let started = false;
  const stop = (reason: "timeout" | "abort") => {
    stopped ??= reason;
    // Before start there is nothing to kill; the check after start does it.
    if (started) void killContainer(container);
  };
  const onAbort = () => stop("abort");
  spec.signal?.addEventListener("abort", onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    // Aborted while the container was being made: never start it.
    if (spec.signal?.aborted) throw abortReason(spec.signal);
    const startedAt = performance.now();
    try {
      await container.start();
    } catch (error) {
      throw toSandboxError(error, { action: "start the sandbox container" });
    }
    started = true;
    timer = setTimeout(() => stop("timeout"), timeoutMs);
    if (stopped) await killContainer(container);
    stream.end(archive);

    let exit: { StatusCode?: number };
    let state: { OOMKilled?: boolean };
    let durationMs: number;
    try {
      exit = await container.wait();
      durationMs = Math.round(performance.now() - startedAt);
      clearTimeout(timer);
      await Promise.race([drained, delay(OUTPUT_DRAIN_MS)]);
      state = (await container.inspect()).State;
    } catch (error) {
      throw toSandboxError(error, { action: "follow the sandbox container" });
    }
    if (stopped === "abort") throw abortReason(spec.signal);
    if (collector.listenerError) throw collector.listenerError.error;

    const output = collector.result();
    return {
      exitCode: stopped ? null : (exit.StatusCode ?? null),
      stdout: output.stdout,
      stderr: output.stderr,
      timedOut: stopped === "timeout",
      oomKilled: state.OOMKilled === true,
      durationMs,
      truncated: output.truncated,
      containerId: container.id,
      blocked: false,
    };
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener("abort", onAbort);
    (stream as NodeJS.ReadWriteStream & { destroy?: () => void }).destroy?.();
  }
}

/**
 * Kills a container with SIGKILL. A container that is gone or no longer running (404,
 * 409) needs nothing more; any other failure is retried twice, since a timeout that
 * failed to kill would leave the run waiting forever.
 */
export async function killContainer(container: Docker.Container): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await container.kill({ signal: "SIGKILL" });
      return;
    } catch (error) {
      const status = engineStatus(error);
      if (status === 404 || status === 409) return;
      await delay(250 * attempt);
    }
  }
}

/** Removes a container; a failure is logged, never thrown (`sandbox prune` removes it later). */
export async function removeContainer(
  container: Docker.Container,
  logger?: SandboxLogger,
): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    const status = engineStatus(error);
    if (status === 404 || status === 409) return;
    // The deadline label lets the next start-up (or `codeforge sandbox prune`) remove it.
    logger?.warn(
      { containerId: container.id, error: error instanceof Error ? error.message : String(error) },
      "could not remove a sandbox container; `codeforge sandbox prune` removes it",
    );
  }
}

function checkSpec(spec: ExecutionSpec): void {
  const problems: string[] = [];
  if (!(LANGUAGES as readonly string[]).includes(spec.language)) {
    problems.push(`language must be one of ${LANGUAGES.join(", ")}`);
  }
  if (spec.timeoutMs !== undefined && !(spec.timeoutMs > 0))
    problems.push("timeoutMs must be positive");
  // Docker refuses memory limits under 6 MB.
  if (spec.memoryMb !== undefined && !(spec.memoryMb >= 6))
    problems.push("memoryMb must be at least 6");
  if (spec.cpus !== undefined && !(spec.cpus > 0)) problems.push("cpus must be positive");
  if (problems.length > 0) {
    throw new SandboxError(`Invalid sandbox run: ${problems.join("; ")}`, {
      code: "invalid_request",
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
