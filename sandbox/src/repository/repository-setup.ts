import type { Language, RepositorySetup } from "@codeforge/core";
import type Docker from "dockerode";
import { abortReason } from "../docker/abort-reason.js";
import { createContainerOptions } from "../docker/container-options.js";
import { engineStatus, toSandboxError } from "../docker/docker-error.js";
import { removeContainer, type SandboxLogger, STALE_GRACE_MS } from "../docker/docker-executor.js";
import type { SandboxOptions } from "../sandbox-options.js";
import { probeRegistry } from "./registry-probe.js";
import { runToExit } from "./run-to-exit.js";
import { createSetupArchive } from "./setup-archive.js";
import { setupCommand, setupEnvironment } from "./setup-bootstrap.js";
import { setupCacheKey } from "./setup-cache-key.js";
import { setupFailure } from "./setup-failure.js";

/** The repository (name) of setup images; the tag is the cache key. */
export const SETUP_IMAGE_REPOSITORY = "codeforge/repository-setup";

/** Image label holding the cache key a setup image was made for. */
export const SETUP_KEY_LABEL = "codeforge.setup.key";

/** Image label holding the id of the image setup started from. */
export const SETUP_BASE_LABEL = "codeforge.setup.base-image";

/**
 * Label of the setup role: `container` on a setup container, `image` on a setup image (the
 * commit would otherwise pass the container's value on to every test container of it).
 */
export const SETUP_LABEL = "codeforge.setup";

/** How long a setup may take unless the runner is told otherwise. */
export const DEFAULT_SETUP_TIMEOUT_MS = 10 * 60 * 1000;

/** Bytes kept of each of a setup's stdout and stderr. */
const SETUP_OUTPUT_LIMIT_BYTES = 1024 * 1024;

/** The image a repository's tests start from after its setup. */
export interface SetupImage {
  /** `codeforge/repository-setup:<key>`. */
  image: string;
  /** The image id (`sha256:…`). */
  imageId: string;
  /** The cache key: base image, command and dependency files (see `setupCacheKey`). */
  key: string;
  /**
   * True when this run ran no setup: the image for the key existed, or a concurrent run's
   * setup made it.
   */
  cached: boolean;
  /** How long the setup command ran; 0 when cached. */
  durationMs: number;
}

/** What {@link createSetupImages} needs. */
export interface SetupImagesOptions {
  docker: Docker;
  config: SandboxOptions;
  logger?: SandboxLogger;
  /** Wall-clock limit of one setup; default {@link DEFAULT_SETUP_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** One setup to provide an image for. */
export interface SetupRequest {
  setup: RepositorySetup;
  /** The sandbox image of the repository's language. */
  baseImage: string;
  language: Language;
  signal?: AbortSignal;
}

/** Setup images, made on first use and reused by key. */
export interface SetupImages {
  prepare(request: SetupRequest): Promise<SetupImage>;
}

/**
 * Provides the image a repository's tests start from when it names a setup command
 * (`repository.setup`). The image is found by its key — the base image id, the command and
 * the dependency files of the snapshot — or made: a container of the base image with the
 * network on, as the sandbox's non-root user, with none of the operator's environment, keys
 * or mounts (the snapshot arrives as an archive through the engine's API), runs the command
 * in the working directory; what it installed is committed as a layer and tagged
 * `codeforge/repository-setup:<key>`. Concurrent requests for one key share one setup. A
 * setup that fails throws `SandboxError` (`setup_failed`) saying why — when a probe from
 * the engine cannot reach the language's package registry, that is what it says.
 *
 * @example
 * const images = createSetupImages({ docker, config: config.sandbox });
 * const { image } = await images.prepare({ setup: { command: "pip install -e .", snapshot }, baseImage, language: "python" });
 */
export function createSetupImages(options: SetupImagesOptions): SetupImages {
  const { docker, config, logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS;
  const inFlight = new Map<string, Promise<SetupImage>>();

  const findImage = async (tag: string, key: string): Promise<string | undefined> => {
    try {
      const found = await docker.getImage(tag).inspect();
      return found.Config?.Labels?.[SETUP_KEY_LABEL] === key ? found.Id : undefined;
    } catch (error) {
      if (engineStatus(error) === 404) return undefined;
      throw toSandboxError(error, { action: "look up a setup image" });
    }
  };

  const build = async (
    request: SetupRequest,
    base: { id: string; path: string },
    key: string,
  ): Promise<SetupImage> => {
    const tag = `${SETUP_IMAGE_REPOSITORY}:${key}`;
    const existing = await findImage(tag, key);
    if (existing !== undefined) {
      return { image: tag, imageId: existing, key, cached: true, durationMs: 0 };
    }
    const { command } = request.setup;
    const locked = createContainerOptions({
      image: request.baseImage,
      command: setupCommand(command, timeoutMs + 5_000),
      config,
      deadlineMs: Date.now() + timeoutMs + STALE_GRACE_MS,
      env: setupEnvironment(base.path),
      labels: { [SETUP_LABEL]: "container" },
    });
    let container: Docker.Container;
    try {
      container = await docker.createContainer({
        ...locked,
        // The network is on and the root writable (its changes become the image's layer);
        // every other limit stays. Nothing of the host is passed: no env, no mounts.
        HostConfig: {
          ...locked.HostConfig,
          NetworkMode: "bridge",
          ReadonlyRootfs: false,
          Tmpfs: {},
        },
      });
    } catch (error) {
      throw toSandboxError(error, { image: request.baseImage, action: "create a setup container" });
    }
    try {
      try {
        await container.putArchive(await createSetupArchive(request.setup.snapshot), { path: "/" });
      } catch (error) {
        throw toSandboxError(error, { action: "upload the repository into the setup container" });
      }
      logger?.debug({ command, key }, "running the repository's setup");
      const exit = await runToExit(container, {
        timeoutMs,
        outputLimitBytes: SETUP_OUTPUT_LIMIT_BYTES,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (exit.exitCode !== 0) {
        const probe = exit.timedOut
          ? undefined
          : await probeRegistry({
              docker,
              image: request.baseImage,
              language: request.language,
              config,
              ...(logger ? { logger } : {}),
              ...(request.signal ? { signal: request.signal } : {}),
            });
        throw setupFailure({ command, image: request.baseImage, exit, timeoutMs, probe });
      }
      let committed: { Id?: string };
      try {
        committed = await container.commit({
          repo: SETUP_IMAGE_REPOSITORY,
          tag: key,
          comment: `codeforge repository setup: ${command}`,
          changes: `LABEL ${SETUP_LABEL}=image ${SETUP_KEY_LABEL}=${key} ${SETUP_BASE_LABEL}=${base.id}`,
          pause: false,
        });
      } catch (error) {
        throw toSandboxError(error, { action: "commit the setup container as an image" });
      }
      logger?.debug({ command, key, durationMs: exit.durationMs }, "the repository's setup ran");
      return {
        image: tag,
        imageId: committed.Id ?? (await findImage(tag, key)) ?? "",
        key,
        cached: false,
        durationMs: exit.durationMs,
      };
    } finally {
      await removeContainer(container, logger);
    }
  };

  return {
    async prepare(request) {
      request.signal?.throwIfAborted();
      let inspected: Docker.ImageInspectInfo;
      try {
        inspected = await docker.getImage(request.baseImage).inspect();
      } catch (error) {
        throw toSandboxError(error, {
          image: request.baseImage,
          action: "inspect the sandbox image",
        });
      }
      const key = setupCacheKey({
        snapshot: request.setup.snapshot,
        command: request.setup.command,
        baseImageId: inspected.Id,
      });
      const running = inFlight.get(key);
      if (running) {
        return { ...(await untilAborted(running, request.signal)), cached: true, durationMs: 0 };
      }
      const path =
        inspected.Config?.Env?.find((entry) => entry.startsWith("PATH="))?.slice("PATH=".length) ??
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
      const work = build(request, { id: inspected.Id, path }, key);
      inFlight.set(key, work);
      try {
        return await work;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

/** Waits for shared work, but stops waiting (not the work) when this caller's signal aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
