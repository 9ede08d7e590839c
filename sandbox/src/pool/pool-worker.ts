import type { Duplex } from "node:stream";
import { PassThrough } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { SandboxError } from "@codeforge/core";
import type Docker from "dockerode";
import { createContainerOptions } from "../docker/container-options.js";
import { engineStatus, toSandboxError } from "../docker/docker-error.js";
import type { SandboxOptions } from "../sandbox-options.js";
import {
  parseSupervisorLine,
  SUPERVISOR_PROTOCOL_VERSION,
  type SupervisorJob,
  type SupervisorReady,
  type SupervisorReply,
} from "./supervisor-protocol.js";
import { SUPERVISOR_SOURCE } from "./supervisor-source.js";

/** The label naming the pool a container belongs to. */
export const POOL_LABEL = "codeforge.pool";

/** What {@link PoolWorker.start} needs. */
export interface PoolWorkerOptions {
  docker: Docker;
  image: string;
  config: SandboxOptions;
  /** The container's memory limit; the pool adds the supervisor's headroom to the jobs' limit. */
  memoryMb: number;
  poolId: string;
  /** How long creating, starting and hearing from the supervisor may take. */
  startTimeoutMs: number;
  /** Epoch milliseconds after which a leftover container counts as stale. */
  deadlineMs: number;
  /** The longest line the supervisor may write; a longer one means it is broken. */
  maxLineBytes: number;
  /** Memory the container may hold after clean-up beyond what it held idle; default the supervisor's 16 MiB. */
  memorySlackBytes?: number;
}

/** Why a worker stopped answering; the pool replaces it. */
export class WorkerLostError extends Error {
  /**
   * True when the supervisor retired its container after the previous job: a job sent
   * meanwhile was never read, so running it on a fresh container is its first attempt.
   */
  readonly retired: boolean;

  constructor(message: string, options: { retired?: boolean } = {}) {
    super(message);
    this.name = "WorkerLostError";
    this.retired = options.retired ?? false;
  }
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * One warm container of a sandbox pool, running the supervisor, talked to through its
 * attached stdin and stdout. It runs one job at a time. When anything goes wrong with the
 * container (it exits, its stream ends, the supervisor writes nonsense or stops answering
 * in time) the worker is lost: the pending job rejects with {@link WorkerLostError} and the
 * pool starts a replacement.
 *
 * The container's stdin is the attach connection (`StdinOnce`): when this process dies, the
 * engine closes it, the supervisor reads EOF and exits, and `AutoRemove` deletes the
 * container, so even a killed host process leaves nothing running.
 */
export class PoolWorker {
  readonly id: string;
  private readonly container: Docker.Container;
  private readonly stream: Duplex;
  private lossReason: string | undefined;
  private retired = false;
  private pending:
    | {
        jobId: string;
        resolve: (reply: SupervisorReply) => void;
        reject: (error: Error) => void;
      }
    | undefined;
  private readyWaiter:
    | { resolve: (ready: SupervisorReady) => void; reject: (error: Error) => void }
    | undefined;
  private stopped: Promise<void> | undefined;
  private readonly supervisorLog: string[] = [];

  private constructor(container: Docker.Container, stream: Duplex) {
    this.id = container.id;
    this.container = container;
    this.stream = stream;
  }

  /** Why the worker was lost, once it was. */
  get lostReason(): string | undefined {
    return this.lossReason;
  }

  /** Whether the worker can take another job. */
  get alive(): boolean {
    return this.lossReason === undefined;
  }

  /** Creates and starts a container and waits until its supervisor is ready. */
  static async start(options: PoolWorkerOptions): Promise<PoolWorker> {
    const { docker } = options;
    const createOptions = createContainerOptions({
      image: options.image,
      command: ["python3", "-I", "-c", SUPERVISOR_SOURCE],
      config: options.config,
      memoryMb: options.memoryMb,
      deadlineMs: options.deadlineMs,
      openStdin: true,
      labels: { [POOL_LABEL]: options.poolId },
      ...(options.memorySlackBytes === undefined
        ? {}
        : { env: [`POOL_MEMORY_SLACK_BYTES=${Math.round(options.memorySlackBytes)}`] }),
    });
    createOptions.HostConfig = { ...createOptions.HostConfig, AutoRemove: true };
    let container: Docker.Container;
    try {
      container = await withTimeout(
        docker.createContainer(createOptions),
        options.startTimeoutMs,
        "creating a pool container",
      );
    } catch (error) {
      throw toSandboxError(error, { image: options.image, action: "create a pool container" });
    }
    let worker: PoolWorker | undefined;
    try {
      const stream = (await withTimeout(
        container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }),
        options.startTimeoutMs,
        "attaching to a pool container",
      )) as Duplex;
      worker = new PoolWorker(container, stream);
      worker.listen(docker, options.maxLineBytes);
      const ready = worker.waitReady();
      await withTimeout(container.start(), options.startTimeoutMs, "starting a pool container");
      const hello = await withTimeout(
        ready,
        options.startTimeoutMs,
        "the pool supervisor to start",
      );
      if (hello.protocol !== SUPERVISOR_PROTOCOL_VERSION) {
        throw new SandboxError(
          `the pool supervisor speaks protocol ${hello.protocol}, this host ${SUPERVISOR_PROTOCOL_VERSION}: rebuild the package`,
          { code: "container_failed" },
        );
      }
      return worker;
    } catch (error) {
      if (worker) await worker.stop();
      else await container.remove({ force: true }).catch(() => undefined);
      const log = worker?.supervisorLog.join("").trim();
      const wrapped = toSandboxError(error, {
        image: options.image,
        action: "start a pool container",
      });
      if (log) wrapped.message = `${wrapped.message} (supervisor said: ${log.slice(-500)})`;
      throw wrapped;
    }
  }

  /**
   * Sends one job and resolves with the supervisor's reply. Rejects with
   * {@link WorkerLostError} when the worker is lost first, including when no reply came
   * within `replyTimeoutMs` or `signal` aborted (the worker is then stopped).
   */
  async run(
    job: SupervisorJob,
    replyTimeoutMs: number,
    signal?: AbortSignal,
  ): Promise<SupervisorReply> {
    if (this.lossReason !== undefined) {
      throw new WorkerLostError(this.lossReason, { retired: this.retired });
    }
    if (this.pending) throw new Error("a pool worker runs one job at a time");
    const reply = new Promise<SupervisorReply>((resolve, reject) => {
      this.pending = { jobId: job.id, resolve, reject };
    });
    const timer = setTimeout(
      () => this.lose(`the supervisor did not answer within ${replyTimeoutMs} ms`),
      replyTimeoutMs,
    );
    const onAbort = () => this.lose("the run was aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      this.stream.write(`${JSON.stringify(job)}\n`);
      return await reply;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      this.pending = undefined;
    }
  }

  /** Kills and removes the container; safe to call more than once. Never throws. */
  stop(): Promise<void> {
    this.lose("the worker was stopped");
    this.stopped ??= this.removeContainer();
    return this.stopped;
  }

  private async removeContainer(): Promise<void> {
    this.stream.end();
    this.stream.destroy();
    try {
      await withTimeout(
        this.container.remove({ force: true, v: true }),
        STOP_TIMEOUT_MS,
        "removing a pool container",
      );
    } catch (error) {
      const status = engineStatus(error);
      // 404: already gone (AutoRemove); 409: removal already in progress.
      if (status === 404 || status === 409) return;
      // The deadline label lets a later prune remove it; nothing more to do here.
    }
  }

  private waitReady(): Promise<SupervisorReady> {
    return new Promise((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
    });
  }

  private listen(docker: Docker, maxLineBytes: number): void {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    docker.modem.demuxStream(this.stream, stdout, stderr);
    const decoder = new StringDecoder("utf8");
    let buffered = "";
    stdout.on("data", (chunk: Buffer) => {
      buffered += decoder.write(chunk);
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        this.receive(line);
        newline = buffered.indexOf("\n");
      }
      if (buffered.length > maxLineBytes) this.lose("the supervisor wrote an over-long line");
    });
    stderr.on("data", (chunk: Buffer) => {
      this.supervisorLog.push(chunk.toString("utf8"));
      if (this.supervisorLog.length > 20) this.supervisorLog.shift();
    });
    const ended = () => this.lose("the container's output ended (the container stopped)");
    this.stream.on("end", ended);
    this.stream.on("close", ended);
    this.stream.on("error", (error: Error) =>
      this.lose(`the attach stream failed: ${error.message}`),
    );
  }

  private receive(line: string): void {
    if (line.trim() === "") return;
    const message = parseSupervisorLine(line);
    if (message === undefined) {
      this.lose(`the supervisor wrote an unreadable line: ${line.slice(0, 200)}`);
      return;
    }
    if ("retired" in message) {
      this.retired = true;
      this.lose(`the supervisor retired its container: ${message.retired}`);
      return;
    }
    if ("ready" in message) {
      this.readyWaiter?.resolve(message);
      this.readyWaiter = undefined;
      return;
    }
    const pending = this.pending;
    if (pending === undefined || message.id !== pending.jobId) {
      this.lose(`the supervisor answered job ${message.id}, which is not the job it was given`);
      return;
    }
    this.pending = undefined;
    pending.resolve(message);
  }

  private lose(reason: string): void {
    if (this.lossReason !== undefined) return;
    const log = this.supervisorLog.join("").trim();
    this.lossReason = log ? `${reason}; supervisor: ${log.slice(-300)}` : reason;
    const error = new WorkerLostError(this.lossReason, { retired: this.retired });
    this.readyWaiter?.reject(error);
    this.readyWaiter = undefined;
    this.pending?.reject(error);
    this.pending = undefined;
    // A lost worker's container is of no more use: remove it in the background.
    void this.stop();
  }
}

async function withTimeout<T>(task: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SandboxError(`the Docker engine took longer than ${timeoutMs} ms ${what}`, {
            code: "container_failed",
            retryable: true,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([task, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
