import { type Config, type Language, SandboxError } from "@codeforge/core";
import { checkDockerEngine, checkSandboxImage, sandboxImageFor } from "@codeforge/sandbox";
import type Docker from "dockerode";

/**
 * Checks that the Docker engine answers and the language's sandbox image is present;
 * throws a `SandboxError` carrying the fix otherwise.
 */
export async function checkSandboxReady(
  docker: Docker,
  config: Readonly<Config>,
  language: Language,
): Promise<void> {
  const engine = await checkDockerEngine(docker);
  if (!engine.ok) {
    throw new SandboxError(
      `${engine.name}: ${engine.detail}${engine.fix ? `: ${engine.fix}` : ""}`,
      {
        code: "daemon_unreachable",
      },
    );
  }
  const image = await checkSandboxImage(
    docker,
    sandboxImageFor(config.sandbox, language),
    language,
  );
  if (!image.ok) {
    throw new SandboxError(`${image.name}: ${image.detail}${image.fix ? `: ${image.fix}` : ""}`, {
      code: "image_missing",
    });
  }
}
