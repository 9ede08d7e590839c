import type Docker from "dockerode";
import { abortReason } from "../docker/abort-reason.js";
import { toSandboxError } from "../docker/docker-error.js";
import { killContainer } from "../docker/docker-executor.js";
import { OutputCollector } from "../docker/output-collector.js";

/** How a container that was run to its end ended. */
export interface ContainerExit {
  /** Its main process's exit status; null when it was killed at the timeout. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** What {@link runToExit} needs besides the container. */
export interface RunToExitOptions {
  timeoutMs: number;
  /** Bytes kept of each of stdout and stderr. */
  outputLimitBytes: number;
  signal?: AbortSignal;
}

/**
 * Starts a created container (stdin closed) and waits for its command to end, collecting
 * its output; kills it at the timeout or when the signal aborts (then rejects with the
 * signal's reason). The caller removes the container.
 */
export async function runToExit(
  container: Docker.Container,
  options: RunToExitOptions,
): Promise<ContainerExit> {
  const collector = new OutputCollector(options.outputLimitBytes);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.attach({ stream: true, stdout: true, stderr: true });
  } catch (error) {
    throw toSandboxError(error, { action: "attach to the setup container" });
  }
  const drained = new Promise<void>((resolve) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", () => resolve());
  });
  stream.on("data", (chunk: Buffer) => collector.push(chunk));
  let stopped: "timeout" | "abort" | undefined;
  let wake: () => void = () => {};
  const stoppedSignal = new Promise<"stopped">((resolve) => {
    wake = () => resolve("stopped");
  });
  const stop = (reason: "timeout" | "abort") => {
    stopped ??= reason;
    wake();
  };
  const onAbort = () => stop("abort");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    options.signal?.throwIfAborted();
    const startedAt = performance.now();
    try {
      await container.start();
    } catch (error) {
      throw toSandboxError(error, { action: "start the setup container" });
    }
    timer = setTimeout(() => stop("timeout"), options.timeoutMs);
    const waited = container.wait().then(
      (exit: { StatusCode?: number }) => exit.StatusCode ?? null,
      () => null,
    );
    const first = await Promise.race([waited, stoppedSignal]);
    const durationMs = Math.round(performance.now() - startedAt);
    if (first === "stopped") await killContainer(container);
    await Promise.race([drained, delay(2_000)]);
    if (stopped === "abort") throw abortReason(options.signal);
    const output = collector.result();
    return {
      exitCode: first === "stopped" ? null : first,
      stdout: output.stdout,
      stderr: output.stderr,
      timedOut: stopped === "timeout",
      durationMs,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
