import { LANGUAGES, type Language, SandboxError } from "@codeforge/core";
import type Docker from "dockerode";
import type { SandboxOptions } from "../sandbox-options.js";
import {
  DOCKER_UNREACHABLE_FIX,
  isDockerUnreachable,
  withEngineTimeout,
} from "./docker-unreachable.js";
import { IMAGE_VERSION_LABEL, SANDBOX_IMAGE_VERSION, sandboxImageFor } from "./image-names.js";

/** What the engine holds for one language's sandbox image. */
export interface SandboxImageStatus {
  language: Language;
  /** The configured image name, e.g. `codeforge/sandbox-python:1`. */
  image: string;
  present: boolean;
  /** The image's {@link IMAGE_VERSION_LABEL}; null when absent or unlabelled. */
  version: string | null;
  /**
   * Whether the image carries the version this CodeForge expects; null for an image
   * without CodeForge's label (a user's own image, which we cannot judge).
   */
  upToDate: boolean | null;
  /** Image id, size and creation time when present. */
  id?: string;
  sizeBytes?: number;
  created?: string;
}

/** How long one engine call of a status or health check may take. */
export const ENGINE_CHECK_TIMEOUT_MS = 5_000;

/**
 * Inspects the configured sandbox image of one language. Throws `SandboxError`
 * (`daemon_unreachable`) when the engine does not answer; a missing image is a status.
 */
export async function inspectSandboxImage(
  docker: Docker,
  image: string,
  language: Language,
): Promise<SandboxImageStatus> {
  try {
    const info = await withEngineTimeout(
      docker.getImage(image).inspect(),
      ENGINE_CHECK_TIMEOUT_MS,
      `an inspection of ${image}`,
    );
    const version = info.Config?.Labels?.[IMAGE_VERSION_LABEL] ?? null;
    return {
      language,
      image,
      present: true,
      version,
      upToDate: version === null ? null : version === SANDBOX_IMAGE_VERSION,
      id: info.Id,
      sizeBytes: info.Size,
      created: info.Created,
    };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      return { language, image, present: false, version: null, upToDate: false };
    }
    if (isDockerUnreachable(error)) {
      if (error instanceof SandboxError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new SandboxError(
        `the Docker engine is unreachable (${reason}): ${DOCKER_UNREACHABLE_FIX}`,
        { code: "daemon_unreachable", cause: error, retryable: true },
      );
    }
    throw error;
  }
}

/**
 * Reports every language's configured sandbox image: present or not, its version label
 * and whether that is the one this CodeForge expects (`codeforge sandbox image status`).
 *
 * @example
 * const [python] = await sandboxImageStatus(docker, config.sandbox, ["python"]);
 * if (!python.present) console.log("run `codeforge sandbox image build`");
 */
export async function sandboxImageStatus(
  docker: Docker,
  config: Pick<SandboxOptions, "pythonImage" | "nodeImage">,
  languages: readonly Language[] = LANGUAGES,
): Promise<SandboxImageStatus[]> {
  return Promise.all(
    languages.map((language) =>
      inspectSandboxImage(docker, sandboxImageFor(config, language), language),
    ),
  );
}
