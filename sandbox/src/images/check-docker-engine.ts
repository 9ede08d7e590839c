import type { HealthCheckResult } from "@codeforge/core";
import type Docker from "dockerode";
import { DOCKER_UNREACHABLE_FIX, withEngineTimeout } from "./docker-unreachable.js";
import { ENGINE_CHECK_TIMEOUT_MS } from "./sandbox-image-status.js";

/**
 * `codeforge doctor`'s Docker check: whether the engine answers, and which version and
 * API it speaks. Never throws; an unreachable engine is a failed result with the fix.
 */
export async function checkDockerEngine(
  docker: Docker,
  timeoutMs = ENGINE_CHECK_TIMEOUT_MS,
): Promise<HealthCheckResult> {
  const started = performance.now();
  const name = "Docker engine";
  try {
    const version = await withEngineTimeout(docker.version(), timeoutMs, "a version request");
    return {
      name,
      ok: true,
      required: true,
      detail: `Docker ${version.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch})`,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      name,
      ok: false,
      required: true,
      detail: `unreachable: ${reason}`,
      fix: DOCKER_UNREACHABLE_FIX,
      durationMs: Math.round(performance.now() - started),
    };
  }
}
