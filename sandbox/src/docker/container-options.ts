import { hostname } from "node:os";
import type Docker from "dockerode";
import type { SandboxOptions } from "../sandbox-options.js";

/** The label every CodeForge sandbox container carries; `sandbox prune` selects by it. */
export const SANDBOX_LABEL = "codeforge.sandbox";

/** Label holding the epoch milliseconds after which a container counts as stale. */
export const DEADLINE_LABEL = "codeforge.deadline";

/** Label holding the process id of the CodeForge process that created the container. */
export const OWNER_PID_LABEL = "codeforge.owner-pid";

/** Label holding the host name of that process (a pid means little on a remote engine). */
export const OWNER_HOST_LABEL = "codeforge.owner-host";

/** The writable working directory of a sandbox container (a tmpfs). */
export const SANDBOX_WORKDIR = "/workspace";

/** The unprivileged user sandboxed programs run as: `nobody:nogroup`, present in every Debian image. */
export const SANDBOX_USER = { uid: 65534, gid: 65534 } as const;

/** The `filters` argument of `docker.listContainers` that selects CodeForge sandbox containers. */
export const SANDBOX_LABEL_FILTER = { label: [`${SANDBOX_LABEL}=1`] } as const;

/** What {@link createContainerOptions} needs to describe one locked-down container. */
export interface ContainerOptionsInput {
  /** The image to run, e.g. `codeforge/sandbox-python:1`. */
  image: string;
  /** The command (no shell is added). */
  command: readonly string[];
  /** The configured limits; `memoryMb` and `cpus` below override theirs for this container. */
  config: SandboxOptions;
  memoryMb?: number;
  cpus?: number;
  /** Epoch milliseconds after which `pruneLeftoverContainers` may remove the container. */
  deadlineMs: number;
  /** Keep stdin open for one attached client (code and input travel through it). */
  openStdin?: boolean;
  /**
   * Overrides {@link SANDBOX_USER}, e.g. with the image's own unprivileged user. Numeric,
   * because the tmpfs mounts are owned by it (a tmpfs that is also the working directory
   * loses its `mode`, so ownership is what makes it writable).
   */
  user?: { uid: number; gid: number };
  /** Extra labels, e.g. the pool's; the sandbox labels always win. */
  labels?: Readonly<Record<string, string>>;
  /** Extra environment variables, `NAME=value`. */
  env?: readonly string[];
  /** The process id and host recorded in the owner labels; default this process. */
  ownerPid?: number;
  ownerHost?: string;
}

const MEBIBYTE = 1024 * 1024;

/**
 * Builds the create options of a sandbox container from the configuration, with every
 * isolation setting on:
 *
 * - `NetworkMode: "none"` (loopback only) unless `networkDisabled` is false;
 * - a read-only root filesystem; the only writable places are two size-capped tmpfs
 *   mounts, `/tmp` and the working directory {@link SANDBOX_WORKDIR}. Both are
 *   `noexec,nosuid,nodev`: interpreters *read* `main.py` / `main.js`, they never execve
 *   it, so `noexec` costs nothing and refuses an execve of a file written there. It does
 *   not stop native code: `memfd_create` + execve of `/proc/self/fd/N` still runs a
 *   binary the program wrote into memory (docs/sandbox.md, "What the sandbox promises");
 * - memory limit equal to the memory+swap limit (no swap), CPU quota (`NanoCpus`), a pids
 *   limit (fork bombs fail with EAGAIN), `nofile` and `core` ulimits;
 * - every capability dropped, `no-new-privileges`, a private IPC namespace, the engine's
 *   default seccomp profile, a non-root user;
 * - no log driver, so a program that floods its output cannot fill the engine's disk
 *   (output is read through attach, which does not need logs);
 * - labels that let a later process find and remove it when its owner died.
 *
 * Code never arrives through a bind mount: callers send it over the API (stdin or an
 * archive), so a remote `DOCKER_HOST` works.
 *
 * @example
 * const options = createContainerOptions({
 *   image: config.sandbox.pythonImage,
 *   command: ["python3", "main.py"],
 *   config: config.sandbox,
 *   deadlineMs: Date.now() + 60_000,
 * });
 * const container = await docker.createContainer(options);
 */
export function createContainerOptions(
  input: ContainerOptionsInput,
): Docker.ContainerCreateOptions {
  const { config } = input;
  const memoryBytes = Math.round((input.memoryMb ?? config.memoryMb) * MEBIBYTE);
  const cpus = input.cpus ?? config.cpus;
  const user = input.user ?? SANDBOX_USER;
  if (user.uid === 0) throw new RangeError("sandbox containers never run as root (uid 0)");
  const tmpfs = `rw,noexec,nosuid,nodev,size=${config.tmpfsMb}m,mode=1777,uid=${user.uid},gid=${user.gid}`;
  const openStdin = input.openStdin ?? false;
  return {
    Image: input.image,
    Cmd: [...input.command],
    Entrypoint: [],
    User: `${user.uid}:${user.gid}`,
    WorkingDir: SANDBOX_WORKDIR,
    Hostname: "sandbox",
    Env: [
      // A writable home: caches of matplotlib and friends go to the tmpfs.
      "HOME=/tmp",
      "MPLCONFIGDIR=/tmp",
      "PYTHONDONTWRITEBYTECODE=1",
      // Output printed before a timeout kill must reach the caller, not die in a buffer.
      "PYTHONUNBUFFERED=1",
      "PYTHONIOENCODING=utf-8",
      "LANG=C.UTF-8",
      ...(input.env ?? []),
    ],
    Labels: {
      ...input.labels,
      [SANDBOX_LABEL]: "1",
      [DEADLINE_LABEL]: String(Math.round(input.deadlineMs)),
      [OWNER_PID_LABEL]: String(input.ownerPid ?? process.pid),
      [OWNER_HOST_LABEL]: input.ownerHost ?? hostname(),
    },
    AttachStdin: openStdin,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: openStdin,
    StdinOnce: openStdin,
    Tty: false,
    HostConfig: {
      NetworkMode: config.networkDisabled ? "none" : "bridge",
      ReadonlyRootfs: true,
      Tmpfs: { "/tmp": tmpfs, [SANDBOX_WORKDIR]: tmpfs },
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      NanoCpus: Math.round(cpus * 1e9),
      PidsLimit: config.pidsLimit,
      Ulimits: [
        { Name: "nofile", Soft: 1024, Hard: 1024 },
        { Name: "core", Soft: 0, Hard: 0 },
      ],
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      IpcMode: "private",
      ShmSize: config.tmpfsMb * MEBIBYTE,
      Privileged: false,
      LogConfig: { Type: "none", Config: {} },
      AutoRemove: false,
    },
  };
}
