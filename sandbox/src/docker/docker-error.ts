import { SandboxError } from "@codeforge/core";

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ENOENT",
  "EACCES",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EPIPE",
]);

/** Whether an error from dockerode means the engine could not be reached at all. */
export function isEngineUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && CONNECTION_CODES.has(code);
}

/** The HTTP status of a failed engine call, when the engine answered. */
export function engineStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * Turns a failed engine call into a {@link SandboxError} with a code and a fix:
 * unreachable engine → `daemon_unreachable`, unknown image (404 on create) →
 * `image_missing`, anything else → `container_failed` (retryable on 5xx).
 */
export function toSandboxError(
  error: unknown,
  context: { image?: string; action: string },
): SandboxError {
  if (error instanceof SandboxError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (isEngineUnreachable(error)) {
    return new SandboxError(
      `The Docker engine is unreachable (${detail}): start Docker or set DOCKER_HOST`,
      { code: "daemon_unreachable", cause: error, retryable: true },
    );
  }
  const status = engineStatus(error);
  if (status === 404 && context.image && /no such image/i.test(detail)) {
    return new SandboxError(
      `The sandbox image ${context.image} is not on the Docker engine: run \`codeforge sandbox image build\``,
      { code: "image_missing", cause: error },
    );
  }
  return new SandboxError(
    `Docker could not ${context.action} (${detail}): check \`docker info\` and run \`codeforge sandbox prune\` if containers pile up`,
    { code: "container_failed", cause: error, retryable: status === undefined || status >= 500 },
  );
}
