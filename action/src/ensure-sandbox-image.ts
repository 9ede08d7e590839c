import { join } from "node:path";
import type { Config, Language } from "@codeforge/core";
import { buildSandboxImage, sandboxImageFor } from "@codeforge/sandbox";
import type Docker from "dockerode";
import type { ActionIo } from "./action-io.js";

/** What making sure of the sandbox image did: built it (and how long it took) or found it. */
export interface SandboxImageReport {
  image: string;
  built: boolean;
  durationMs: number;
}

/**
 * Makes sure the sandbox image for `language` is on the runner's Docker engine: when it is
 * missing or older than this version, builds it from the Dockerfile the Action ships (the
 * runner reaches image registries), its output in a log group, and reports the build time.
 * An unreachable engine or a failed build throws `SandboxError`: the Action cannot work.
 */
export async function ensureSandboxImage(
  docker: Docker,
  config: Readonly<Config>,
  language: Language,
  dockerfilesDir: string,
  io: ActionIo,
): Promise<SandboxImageReport> {
  const image = sandboxImageFor(config.sandbox, language);
  io.startGroup(`Sandbox image ${image}`);
  try {
    const result = await buildSandboxImage({
      language,
      offline: false,
      docker,
      image,
      contextDirectory: join(dockerfilesDir, language),
      onOutput: (line) => io.info(line),
    });
    if (!result.skipped) {
      io.info(`built ${image} in ${(result.durationMs / 1000).toFixed(1)} s`);
    }
    return { image, built: !result.skipped, durationMs: result.durationMs };
  } finally {
    io.endGroup();
  }
}
