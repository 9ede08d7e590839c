import type { Language } from "@codeforge/core";
import type { SandboxOptions } from "../sandbox-options.js";

/**
 * The version every CodeForge sandbox image carries in its tag and in its
 * {@link IMAGE_VERSION_LABEL}. Bump it whenever an image's contents change, together with
 * `IMAGE_VERSION` in `sandbox/scripts/build-image-offline.sh`, the tags in
 * `sandbox/images/*\/Dockerfile` and the defaults in core's config schema, so an upgrade
 * never runs against a stale image.
 */
export const SANDBOX_IMAGE_VERSION = "2";

/** The image label holding {@link SANDBOX_IMAGE_VERSION}. */
export const IMAGE_VERSION_LABEL = "dev.codeforge.image-version";

/** The default image of each language; the configuration's `sandbox.pythonImage`/`nodeImage` defaults. */
export const SANDBOX_IMAGES: Readonly<Record<Language, string>> = {
  python: `codeforge/sandbox-python:${SANDBOX_IMAGE_VERSION}`,
  node: `codeforge/sandbox-node:${SANDBOX_IMAGE_VERSION}`,
};

/** The image the configuration names for a language. */
export function sandboxImageFor(
  config: Pick<SandboxOptions, "pythonImage" | "nodeImage">,
  language: Language,
): string {
  return language === "python" ? config.pythonImage : config.nodeImage;
}
