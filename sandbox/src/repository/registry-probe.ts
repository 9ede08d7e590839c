import type { Language } from "@codeforge/core";
import type Docker from "dockerode";
import { createContainerOptions } from "../docker/container-options.js";
import { removeContainer, type SandboxLogger, STALE_GRACE_MS } from "../docker/docker-executor.js";
import type { SandboxOptions } from "../sandbox-options.js";
import { runToExit } from "./run-to-exit.js";

/** The package registry a setup of each language installs from by default. */
export const PACKAGE_REGISTRIES: Readonly<Record<Language, string>> = {
  python: "pypi.org",
  node: "registry.npmjs.org",
};

/** What {@link probeRegistry} found. */
export interface RegistryProbe {
  registry: string;
  /** `unknown` when the probe itself could not run. */
  status: "reachable" | "unreachable" | "unknown";
  /** Why it was not reached, or why the probe could not run. */
  detail?: string;
}

const PROBE_TIMEOUT_MS = 20_000;

/**
 * The command that opens a TCP connection to `host:443` with the image's own interpreter
 * and prints why when it cannot.
 */
function probeCommand(language: Language, host: string): string[] {
  if (language === "python") {
    return [
      "python3",
      "-c",
      "import socket, sys\ntry:\n    socket.create_connection((sys.argv[1], 443), timeout=10).close()\nexcept OSError as error:\n    print(error, file=sys.stderr)\n    sys.exit(1)",
      host,
    ];
  }
  return [
    "node",
    "-e",
    "const socket = require('node:net').connect(443, process.argv[1]);" +
      "socket.setTimeout(10000, () => { console.error('timed out'); process.exit(1); });" +
      "socket.on('connect', () => process.exit(0));" +
      "socket.on('error', (error) => { console.error(error.message); process.exit(1); });",
    host,
  ];
}

/**
 * Whether a container on the engine, with the network on as setup has it, reaches the
 * language's package registry: run after a setup failed, to tell a registry the engine
 * cannot reach from a command that failed by itself. The probe container runs the base
 * image with nothing of the repository's.
 */
export async function probeRegistry(options: {
  docker: Docker;
  image: string;
  language: Language;
  config: SandboxOptions;
  logger?: SandboxLogger;
  signal?: AbortSignal;
}): Promise<RegistryProbe> {
  const registry = PACKAGE_REGISTRIES[options.language];
  const created = createContainerOptions({
    image: options.image,
    command: probeCommand(options.language, registry),
    config: options.config,
    deadlineMs: Date.now() + PROBE_TIMEOUT_MS + STALE_GRACE_MS,
  });
  let container: Docker.Container | undefined;
  try {
    container = await options.docker.createContainer({
      ...created,
      HostConfig: { ...created.HostConfig, NetworkMode: "bridge" },
    });
    const exit = await runToExit(container, {
      timeoutMs: PROBE_TIMEOUT_MS,
      outputLimitBytes: 4096,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (exit.exitCode === 0) return { registry, status: "reachable" };
    const detail = exit.timedOut ? "timed out" : exit.stderr.trim() || `exit ${exit.exitCode}`;
    return { registry, status: "unreachable", detail };
  } catch (error) {
    options.signal?.throwIfAborted();
    const detail = error instanceof Error ? error.message : String(error);
    return { registry, status: "unknown", detail };
  } finally {
    if (container) await removeContainer(container, options.logger);
  }
}
