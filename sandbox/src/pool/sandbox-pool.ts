import { randomUUID } from "node:crypto";
import {
  type ExecutionResult,
  type ExecutionSpec,
  type Executor,
  SandboxError,
} from "@codeforge/core";
import type Docker from "dockerode";
import { abortReason } from "../docker/abort-reason.js";
import type { SandboxLogger } from "../docker/docker-executor.js";
import { requireDockerClient } from "../docker/require-docker-client.js";
import { screenProgram } from "../guard/screen-program.js";
import { sandboxImageFor } from "../images/image-names.js";
import type { SandboxOptions } from "../sandbox-options.js";
import { checkExtraFiles } from "../spec/check-extra-files.js";
import { PoolWorker, WorkerLostError } from "./pool-worker.js";
import type { SupervisorJob, SupervisorReply } from "./supervisor-protocol.js";

/** Memory the container gets beyond the jobs' limit, for the supervisor itself. */
export const SUPERVISOR_HEADROOM_MB = 64;

/** How many times in a row a job may be moved to a fresh container because the previous job's container was retired before it was read. */
const MAX_RETIREMENTS = 3;

/** How long after a job's own timeout the host waits for the supervisor's answer. */
export const REPLY_GRACE_MS = 5_000;

/** What {@link createSandboxPool} needs. */
export interface SandboxPoolOptions {
  /** The engine, made by the composition root (see `DockerExecutorOptions.docker`). */
  docker: Docker;
  /** The sandbox limits; every job gets them unless its spec asks for less. */
  config: SandboxOptions;
  /** Warm containers, and so jobs running at once; default `config.poolSize`. */
  size?: number;
  /** Overrides `config.pythonImage`. */
  image?: string;
  logger?: SandboxLogger;
  /** How long starting one container may take; default 60 s. */
  startTimeoutMs?: number;
  /**
   * How much more memory than when it was idle a container may hold after a job's
   * clean-up before it is replaced (leftovers the clean-up could not find); default 16 MiB.
   */
  memorySlackBytes?: number;
}

/**
 * An {@link Executor} for many short Python programs: `size` long-lived sandbox containers
 * (the same isolation as one-shot runs) each running a supervisor that executes every job
 * in a fresh process with its own directory, rlimits, a wall-clock kill and output caps.
 */
export interface SandboxPool extends Executor {
  /** How many containers (and so jobs at once) the pool keeps. */
  readonly size: number;
  /** Starts every container now instead of on first use. */
  warmUp(): Promise<void>;
  /** Ids of the containers currently running. */
  containerIds(): string[];
  /** Stops taking jobs, fails queued ones with `pool_closed` and removes every container. */
  close(): Promise<void>;
}

interface Slot {
  worker: PoolWorker | undefined;
  starting: Promise<PoolWorker> | undefined;
  busy: boolean;
}

const MEBIBYTE = 1024 * 1024;

/**
 * Creates a warm sandbox pool. Containers start on first use (or on `warmUp()`); jobs
 * beyond `size` wait in a queue. A program that crashes, forks wildly, exhausts its memory
 * or loops is that job's result; when a job breaks its container (or the container dies
 * for any other reason) the container is replaced and the job is run once more on the
 * fresh one: a job that breaks a second container is reported as failed. Only faults of
 * the engine throw (`SandboxError`). Close the pool when done; if the process dies instead,
 * its containers stop and remove themselves (their stdin is this process's connection).
 *
 * The static guard applies as in one-shot runs (`config.guard`; evaluation turns it off).
 * Differences from the one-shot executor: only Python; `cpus` is per container
 * (`config.cpus`), not per job; `memoryMb` may lower a job's limit, not raise it above
 * `config.memoryMb`; `onOutput` receives each stream once, when the job ends.
 *
 * @example
 * const pool = createSandboxPool({ docker, config: config.sandbox, size: 2 });
 * try {
 *   const results = await Promise.all(programs.map((code) => pool.run({ language: "python", code })));
 * } finally {
 *   await pool.close();
 * }
 */
export function createSandboxPool(options: SandboxPoolOptions): SandboxPool {
  const { docker, config, logger } = options;
  requireDockerClient(docker);
  const size = options.size ?? config.poolSize;
  if (!Number.isInteger(size) || size < 1) {
    throw new SandboxError(`the pool size must be a whole number of at least 1, not ${size}`, {
      code: "invalid_request",
    });
  }
  const image = options.image ?? sandboxImageFor(config, "python");
  const poolId = randomUUID();
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const slots: Slot[] = Array.from({ length: size }, () => ({
    worker: undefined,
    starting: undefined,
    busy: false,
  }));
  const waiting: Array<{ grant: (slot: Slot) => void; fail: (error: unknown) => void }> = [];
  let closed = false;

  const poolClosed = () =>
    new SandboxError("the sandbox pool is closed: create a new pool to run more programs", {
      code: "pool_closed",
    });

  function startWorker(slot: Slot): Promise<PoolWorker> {
    if (slot.worker?.alive) return Promise.resolve(slot.worker);
    if (slot.starting) return slot.starting;
    if (slot.worker !== undefined) {
      logger?.debug(
        { containerId: slot.worker.id, poolId, reason: slot.worker.lostReason },
        "replacing a sandbox pool container",
      );
      slot.worker = undefined;
    }
    const starting = PoolWorker.start({
      docker,
      image,
      config,
      memoryMb: config.memoryMb + SUPERVISOR_HEADROOM_MB,
      poolId,
      startTimeoutMs,
      // Pool containers live long; a prune by another process must not take them early.
      deadlineMs: Date.now() + 24 * 60 * 60 * 1000,
      maxLineBytes: 16 * config.outputLimitBytes + MEBIBYTE,
      ...(options.memorySlackBytes === undefined
        ? {}
        : { memorySlackBytes: options.memorySlackBytes }),
    }).then(
      async (worker) => {
        slot.starting = undefined;
        if (closed) {
          await worker.stop();
          throw poolClosed();
        }
        slot.worker = worker;
        logger?.debug({ containerId: worker.id, poolId }, "sandbox pool container started");
        return worker;
      },
      (error: unknown) => {
        slot.starting = undefined;
        throw error;
      },
    );
    slot.starting = starting;
    return starting;
  }

  function acquire(signal: AbortSignal | undefined): Promise<Slot> {
    const free = slots.find((slot) => !slot.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: (slot: Slot) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(slot);
        },
        fail: (error: unknown) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        const index = waiting.indexOf(waiter);
        if (index >= 0) waiting.splice(index, 1);
        reject(abortReason(signal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      waiting.push(waiter);
    });
  }

  function release(slot: Slot): void {
    const next = waiting.shift();
    if (next && !closed) next.grant(slot);
    else slot.busy = false;
  }

  function jobFor(spec: ExecutionSpec): SupervisorJob {
    const timeoutMs = Math.round(spec.timeoutMs ?? config.timeoutSeconds * 1000);
    const memoryMb = Math.min(spec.memoryMb ?? config.memoryMb, config.memoryMb);
    // The supervisor checks again (safe_relative), with the same rule.
    checkExtraFiles("python", spec.files);
    return {
      id: randomUUID(),
      code: spec.code,
      ...(spec.files ? { files: spec.files } : {}),
      ...(spec.stdin !== undefined ? { stdin: spec.stdin } : {}),
      timeoutMs,
      cpuSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)),
      memoryBytes: memoryMb * MEBIBYTE,
      maxProcesses: config.pidsLimit,
      fileSizeBytes: config.tmpfsMb * MEBIBYTE,
      outputLimitBytes: config.outputLimitBytes,
    };
  }

  function toResult(reply: SupervisorReply, worker: PoolWorker): ExecutionResult {
    return {
      exitCode: reply.exitCode ?? null,
      stdout: reply.stdout ?? "",
      stderr: reply.stderr ?? "",
      timedOut: reply.timedOut ?? false,
      oomKilled: reply.oomKilled ?? false,
      durationMs: reply.durationMs ?? 0,
      truncated: reply.truncated ?? false,
      containerId: worker.id,
      ...(typeof reply.peakMemoryBytes === "number"
        ? { peakMemoryBytes: reply.peakMemoryBytes }
        : {}),
    };
  }

  async function runOnSlot(
    slot: Slot,
    spec: ExecutionSpec,
    job: SupervisorJob,
  ): Promise<ExecutionResult> {
    const started = performance.now();
    let lastLoss = "";
    let retirements = 0;
    // Attempt 1 on the slot's container; attempt 2 on a fresh one if the first was lost
    // or the supervisor could not run the job.
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      if (closed) throw poolClosed();
      const worker = await startWorker(slot);
      try {
        const reply = await worker.run(job, job.timeoutMs + REPLY_GRACE_MS, spec.signal);
        if (reply.error === undefined) {
          const result = toResult(reply, worker);
          if (result.stdout) spec.onOutput?.("stdout", result.stdout);
          if (result.stderr) spec.onOutput?.("stderr", result.stderr);
          return result;
        }
        lastLoss = `the supervisor could not run the program: ${reply.error}`;
        logger?.warn({ containerId: worker.id, poolId, attempt }, lastLoss);
        await worker.stop();
      } catch (error) {
        if (!(error instanceof WorkerLostError)) throw error;
        if (spec.signal?.aborted) throw abortReason(spec.signal);
        if (closed) throw poolClosed();
        if (error.retired && retirements < MAX_RETIREMENTS) {
          // The previous job left what clean-up could not undo; this job was never read.
          retirements += 1;
          attempt -= 1;
          continue;
        }
        lastLoss = error.message;
        logger?.warn(
          { containerId: worker.id, poolId, attempt, reason: error.message },
          "sandbox pool container lost during a job; replacing it",
        );
      }
    }
    if (lastLoss.startsWith("the supervisor could not run")) {
      throw new SandboxError(`${lastLoss}; check the engine's health (codeforge doctor)`, {
        code: "container_failed",
        retryable: true,
      });
    }
    // The job broke two containers in a row: that is the job's failure.
    return {
      exitCode: null,
      stdout: "",
      stderr: `codeforge: the program broke its sandbox container twice (${lastLoss}); the pool replaced it\n`,
      timedOut: lastLoss.includes("did not answer"),
      oomKilled: false,
      durationMs: Math.round(performance.now() - started),
      truncated: false,
    };
  }

  return {
    size,

    async run(spec: ExecutionSpec): Promise<ExecutionResult> {
      if (closed) throw poolClosed();
      if (spec.language !== "python") {
        throw new SandboxError(
          `the sandbox pool runs Python only, not ${spec.language}: use the one-shot Docker executor`,
          { code: "invalid_request" },
        );
      }
      const job = jobFor(spec);
      spec.signal?.throwIfAborted();
      // The same guard policy as one-shot runs; evaluation passes `guard: "off"`.
      const blocked = screenProgram(
        config.guard,
        "python",
        spec.guardedSource ?? spec.code,
        logger,
      );
      if (blocked !== undefined) return blocked;
      const slot = await acquire(spec.signal);
      try {
        return await runOnSlot(slot, spec, job);
      } finally {
        release(slot);
      }
    },

    async warmUp(): Promise<void> {
      if (closed) throw poolClosed();
      await Promise.all(slots.map((slot) => startWorker(slot)));
    },

    containerIds(): string[] {
      return slots.flatMap((slot) => (slot.worker?.alive ? [slot.worker.id] : []));
    },

    async close(): Promise<void> {
      closed = true;
      for (const waiter of waiting.splice(0)) waiter.fail(poolClosed());
      const starting = slots.map((slot) => slot.starting?.catch(() => undefined));
      await Promise.all(starting);
      await Promise.all(slots.map((slot) => slot.worker?.stop()));
    },
  };
}
