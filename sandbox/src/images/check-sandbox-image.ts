import { type HealthCheckResult, type Language, SandboxError } from "@codeforge/core";
import type Docker from "dockerode";
import { DOCKER_UNREACHABLE_FIX } from "./docker-unreachable.js";
import { SANDBOX_IMAGE_VERSION } from "./image-names.js";
import { inspectSandboxImage } from "./sandbox-image-status.js";

const MEBIBYTE = 1024 * 1024;

/** The command that builds an image, offline where no registry is reachable. */
export const IMAGE_BUILD_FIX = imageBuildFix("python");

/** {@link IMAGE_BUILD_FIX} for one language's image; `force` rebuilds a stale one. */
export function imageBuildFix(language: Language, force = false): string {
  const flags = `${language === "node" ? " --lang node" : ""}${force ? " --force" : ""}`;
  return `run \`codeforge sandbox image build${flags}\` (add --offline on a machine that reaches no image registry)`;
}

/**
 * `codeforge doctor`'s image check: whether the sandbox image is present and carries the
 * version this CodeForge expects. Never throws; every problem is a failed result with its fix.
 *
 * @example
 * await checkSandboxImage(docker, config.sandbox.pythonImage);
 * // { name: "Sandbox image (python)", ok: true, detail: "codeforge/sandbox-python:1, version 1, 1172 MB" … }
 */
export async function checkSandboxImage(
  docker: Docker,
  image: string,
  language: Language = image.includes("node") ? "node" : "python",
): Promise<HealthCheckResult> {
  const started = performance.now();
  const name = `Sandbox image (${language})`;
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const status = await inspectSandboxImage(docker, image, language);
    if (!status.present) {
      return {
        name,
        ok: false,
        required: true,
        detail: `${image} is not on the engine`,
        fix: imageBuildFix(language),
        durationMs: elapsed(),
      };
    }
    const size = `${Math.round((status.sizeBytes ?? 0) / MEBIBYTE)} MB`;
    if (status.upToDate === false) {
      return {
        name,
        ok: false,
        required: true,
        detail: `${image} has version ${status.version}, this CodeForge expects ${SANDBOX_IMAGE_VERSION}`,
        fix: imageBuildFix(language, true),
        durationMs: elapsed(),
      };
    }
    const version =
      status.version === null ? "no CodeForge version label" : `version ${status.version}`;
    return {
      name,
      ok: true,
      required: true,
      detail: `${image}, ${version}, ${size}`,
      durationMs: elapsed(),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const unreachable = error instanceof SandboxError && error.code === "daemon_unreachable";
    return {
      name,
      ok: false,
      required: true,
      detail: unreachable ? `cannot check ${image}: the Docker engine is unreachable` : reason,
      fix: unreachable ? DOCKER_UNREACHABLE_FIX : imageBuildFix(language),
      durationMs: elapsed(),
    };
  }
}
