import { SandboxError } from "@codeforge/core";
import { isEngineUnreachable } from "../docker/docker-error.js";

/** The fix for an engine that does not answer, shared by every message that names it. */
export const DOCKER_UNREACHABLE_FIX = "start Docker or set DOCKER_HOST";

/** Whether an error means the engine could not be reached at all (a timeout included). */
export function isDockerUnreachable(error: unknown): boolean {
  if (error instanceof SandboxError) return error.code === "daemon_unreachable";
  return isEngineUnreachable(error);
}

/** Runs `task`, failing with `daemon_unreachable` when it has not settled within `timeoutMs`. */
export async function withEngineTimeout<T>(
  task: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SandboxError(
            `the Docker engine did not answer ${what} within ${timeoutMs} ms: ${DOCKER_UNREACHABLE_FIX}`,
            { code: "daemon_unreachable", retryable: true },
          ),
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
