import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Language, SandboxError } from "@codeforge/core";
import type Docker from "dockerode";
import { IMAGE_VERSION_LABEL, SANDBOX_IMAGE_VERSION, SANDBOX_IMAGES } from "./image-names.js";
import { inspectSandboxImage } from "./sandbox-image-status.js";

/** The offline build script (`sandbox/scripts/`), the same path from `src/` and `dist/`. */
export const OFFLINE_BUILD_SCRIPT = fileURLToPath(
  new URL("../../scripts/build-image-offline.sh", import.meta.url),
);

/** The folder holding each language's Dockerfile (`sandbox/images/<language>/`). */
export const DOCKERFILES_DIRECTORY = fileURLToPath(new URL("../../images/", import.meta.url));

/** What {@link buildSandboxImage} builds, and how. */
export interface BuildSandboxImageOptions {
  language: Language;
  /**
   * Build from Debian's packages with `build-image-offline.sh` (mmdebstrap + docker import)
   * instead of `docker build` of the Dockerfile, which needs an image registry.
   */
  offline: boolean;
  /** Rebuild even when the image with the current version is already there. */
  force?: boolean;
  /** The engine for the online build and the presence check; the offline script uses the docker CLI. */
  docker: Docker;
  /** Receives the build's progress, one line at a time. */
  onOutput?: (line: string) => void;
  /** Environment of the offline script (DOCKER_HOST, CODEFORGE_DEBIAN_MIRROR…); default this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides {@link OFFLINE_BUILD_SCRIPT}, e.g. in tests. */
  script?: string;
  /** Online builds only: another tag and build context than the language's own, e.g. in tests. */
  image?: string;
  contextDirectory?: string;
}

/** What a build did. */
export interface BuildSandboxImageResult {
  image: string;
  language: Language;
  /** True when the image was already current and nothing was built. */
  skipped: boolean;
  offline: boolean;
  durationMs: number;
}

/**
 * Builds a language's sandbox image under its versioned name (`codeforge/sandbox-python:1`).
 * Skips the work when the image with the current version label already exists, unless
 * `force`. Throws `SandboxError` (`image_build_failed`) with the build's last output when
 * the build fails.
 *
 * @example
 * await buildSandboxImage({ language: "python", offline: true, docker, onOutput: console.log });
 */
export async function buildSandboxImage(
  options: BuildSandboxImageOptions,
): Promise<BuildSandboxImageResult> {
  const started = performance.now();
  const image = options.offline
    ? SANDBOX_IMAGES[options.language]
    : (options.image ?? SANDBOX_IMAGES[options.language]);
  const result = (skipped: boolean): BuildSandboxImageResult => ({
    image,
    language: options.language,
    skipped,
    offline: options.offline,
    durationMs: Math.round(performance.now() - started),
  });
  if (options.offline) {
    // The script checks the version and recipe labels itself (and takes a lock so two
    // callers never build at once), so it always runs.
    const output = await runOfflineScript(options);
    return result(/ is current /.test(output));
  }
  if (!options.force) {
    const status = await inspectSandboxImage(options.docker, image, options.language);
    if (status.present && status.upToDate) {
      options.onOutput?.(`${image} is current (version ${status.version}); skipping the build`);
      return result(true);
    }
  }
  await runDockerBuild(options, image);
  return result(false);
}

async function runOfflineScript(options: BuildSandboxImageOptions): Promise<string> {
  const script = options.script ?? OFFLINE_BUILD_SCRIPT;
  const args = [script, "--lang", options.language, ...(options.force ? ["--force"] : [])];
  const child = spawn("bash", args, {
    env: options.env ? { ...options.env } : process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  }).catch((error: unknown) => {
    throw new SandboxError(
      `could not start the offline image build (bash ${script}): ${String(error)}`,
      {
        code: "image_build_failed",
        cause: error,
      },
    );
  });
  if (exitCode !== 0) {
    const tail = lines.slice(-10).join("\n");
    throw new SandboxError(
      `the offline build of ${SANDBOX_IMAGES[options.language]} failed (exit ${exitCode}):\n${tail}\n` +
        "check that mmdebstrap is installed, that a Debian mirror is reachable (CODEFORGE_DEBIAN_MIRROR) and that Docker is running",
      { code: "image_build_failed" },
    );
  }
  return lines.join("\n");
}

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

async function runDockerBuild(options: BuildSandboxImageOptions, image: string): Promise<void> {
  const { docker } = options;
  const failed = (reason: string, cause?: unknown) =>
    new SandboxError(
      `docker build of ${image} failed: ${reason}; on a machine that reaches no image registry run \`codeforge sandbox image build --offline\``,
      { code: "image_build_failed", cause },
    );
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(
      {
        context: options.contextDirectory ?? `${DOCKERFILES_DIRECTORY}${options.language}`,
        src: ["Dockerfile"],
      },
      {
        t: image,
        labels: { [IMAGE_VERSION_LABEL]: SANDBOX_IMAGE_VERSION },
        nocache: options.force ?? false,
        rm: true,
        forcerm: true,
      },
    );
  } catch (error) {
    throw failed(error instanceof Error ? error.message : String(error), error);
  }
  const events = await new Promise<BuildEvent[]>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: BuildEvent[]) => (error ? reject(error) : resolve(output)),
      (event: BuildEvent) => {
        const text = (event.stream ?? event.status ?? "").trimEnd();
        if (text !== "") options.onOutput?.(text);
      },
    );
  }).catch((error: unknown) => {
    throw failed(error instanceof Error ? error.message : String(error), error);
  });
  const error = events.find(
    (event) => event.error !== undefined || event.errorDetail !== undefined,
  );
  if (error) throw failed(error.errorDetail?.message ?? error.error ?? "unknown error");
}
