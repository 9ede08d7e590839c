import { hostname as osHostname } from "node:os";
import type Docker from "dockerode";
import {
  DEADLINE_LABEL,
  OWNER_HOST_LABEL,
  OWNER_PID_LABEL,
  SANDBOX_LABEL_FILTER,
} from "./container-options.js";
import { engineStatus, toSandboxError } from "./docker-error.js";

/**
 * Why a prune removed a container: its deadline passed (or it had none), the process that
 * started it on this machine is gone (killed before it could clean up: its run was
 * interrupted), or every sandbox container was asked for (`pruneAllContainers`).
 */
export const PRUNE_REASONS = ["past_deadline", "owner_gone", "requested"] as const;

/** One of {@link PRUNE_REASONS}. */
export type PruneReason = (typeof PRUNE_REASONS)[number];

/** A container a prune removed, and why. */
export interface PrunedContainer {
  id: string;
  reason: PruneReason;
  /** The process id of its owner, from its labels, when it has one. */
  ownerPid?: number;
}

/** What a prune removed, and what it could not. */
export interface PruneResult {
  /** Ids of the containers removed. */
  removed: string[];
  /** The containers removed, each with why, so an interrupted run shows as such. */
  leftovers: PrunedContainer[];
  /** Containers that could not be removed, with the engine's reason. */
  failed: { id: string; reason: string }[];
}

/** What {@link pruneLeftoverContainers} needs to judge a container. */
export interface PruneLeftoverOptions {
  /** Epoch milliseconds the deadline labels are compared with. */
  now: number;
  /** Only containers that also carry these labels (`key=value`), e.g. a test's own. */
  labels?: readonly string[];
  /** This machine's name, compared with the owner-host label; default `os.hostname()`. */
  hostname?: string;
  /** Whether a process of this machine exists; default a signal-0 probe. */
  isProcessAlive?: (pid: number) => boolean;
}

/**
 * Whether process `pid` exists on this machine: `kill(pid, 0)` sends nothing and fails
 * with ESRCH only when there is no such process (EPERM means it exists, owned by someone
 * else).
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Whether a sandbox container is a leftover, judged from its labels: its deadline lies
 * before `now` (or it has no readable deadline), or its owner is a process of this machine
 * that no longer exists. A container of a live process, or of another machine sharing the
 * engine, is kept until its deadline.
 */
export function isLeftoverContainer(
  labels: Readonly<Record<string, string>>,
  options: { now: number; hostname: string; isProcessAlive: (pid: number) => boolean },
): boolean {
  return leftoverReason(labels, options) !== undefined;
}

/** Why {@link isLeftoverContainer} holds for a container, or `undefined` when it does not. */
export function leftoverReason(
  labels: Readonly<Record<string, string>>,
  options: { now: number; hostname: string; isProcessAlive: (pid: number) => boolean },
): PruneReason | undefined {
  const deadline = Number(labels[DEADLINE_LABEL]);
  // A container without a readable deadline was not made by a current CodeForge: stale.
  if (!Number.isFinite(deadline) || deadline < options.now) return "past_deadline";
  if (labels[OWNER_HOST_LABEL] !== options.hostname) return undefined;
  const pid = Number(labels[OWNER_PID_LABEL]);
  // pid 0 and negative pids name process groups, not an owner: never probe them.
  const ownerGone = Number.isSafeInteger(pid) && pid > 0 && !options.isProcessAlive(pid);
  return ownerGone ? "owner_gone" : undefined;
}

/**
 * Removes the CodeForge sandbox containers that nobody will remove: those past their
 * deadline and those whose owner process on this machine has died (killed before it could
 * clean up). Containers of runs and pools still alive are kept. This is what an executor
 * does at start-up and what `codeforge sandbox prune` does by default.
 *
 * @example
 * await pruneLeftoverContainers(docker, { now: Date.now() });
 */
export async function pruneLeftoverContainers(
  docker: Docker,
  options: PruneLeftoverOptions,
): Promise<PruneResult> {
  const judge = {
    now: options.now,
    hostname: options.hostname ?? osHostname(),
    isProcessAlive: options.isProcessAlive ?? isProcessAlive,
  };
  return prune(docker, (labels) => leftoverReason(labels, judge), options.labels ?? []);
}

/**
 * Removes every CodeForge sandbox container, running or not (`codeforge sandbox prune
 * --all`). Runs in progress in other processes fail with a container error. `labels`
 * (`key=value`) narrows the selection, e.g. to one pool's containers.
 */
export async function pruneAllContainers(
  docker: Docker,
  options: { labels?: readonly string[] } = {},
): Promise<PruneResult> {
  return prune(docker, () => "requested", options.labels ?? []);
}

async function prune(
  docker: Docker,
  select: (labels: Readonly<Record<string, string>>) => PruneReason | undefined,
  extraLabels: readonly string[],
): Promise<PruneResult> {
  let containers: Docker.ContainerInfo[];
  try {
    containers = await docker.listContainers({
      all: true,
      filters: { label: [...SANDBOX_LABEL_FILTER.label, ...extraLabels] },
    });
  } catch (error) {
    throw toSandboxError(error, { action: "list sandbox containers" });
  }
  const result: PruneResult = { removed: [], leftovers: [], failed: [] };
  await Promise.all(
    containers.map(async (info) => {
      const labels = info.Labels ?? {};
      const reason = select(labels);
      if (reason === undefined) return;
      try {
        await docker.getContainer(info.Id).remove({ force: true, v: true });
        result.removed.push(info.Id);
        const ownerPid = Number(labels[OWNER_PID_LABEL]);
        result.leftovers.push({
          id: info.Id,
          reason,
          ...(Number.isSafeInteger(ownerPid) && ownerPid > 0 ? { ownerPid } : {}),
        });
      } catch (error) {
        // Gone already, or being removed by its owner: nothing left to do.
        const status = engineStatus(error);
        if (status === 404 || status === 409) return;
        result.failed.push({
          id: info.Id,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }),
  );
  return result;
}
