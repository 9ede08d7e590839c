import type Docker from "dockerode";
import { DEADLINE_LABEL, SANDBOX_LABEL_FILTER } from "./container-options.js";
import { engineStatus, toSandboxError } from "./docker-error.js";

/** What a prune removed, and what it could not. */
export interface PruneResult {
  /** Ids of the containers removed. */
  removed: string[];
  /** Containers that could not be removed, with the engine's reason. */
  failed: { id: string; reason: string }[];
}

/**
 * Removes CodeForge sandbox containers whose deadline label lies before `now`: those left
 * behind by a process that was killed before it could clean up. Containers of runs still
 * in progress (deadline ahead) are kept. `labels` (`key=value`) narrows the selection.
 *
 * @example
 * await pruneStaleContainers(docker, { now: Date.now() });
 */
export async function pruneStaleContainers(
  docker: Docker,
  options: { now: number; labels?: readonly string[] },
): Promise<PruneResult> {
  const isStale = (labels: Readonly<Record<string, string>>) => {
    const deadline = Number(labels[DEADLINE_LABEL]);
    // A container without a readable deadline was not made by a current CodeForge: stale.
    return !Number.isFinite(deadline) || deadline < options.now;
  };
  return prune(docker, isStale, options.labels ?? []);
}

/**
 * Removes every CodeForge sandbox container, running or not (`codeforge sandbox prune`).
 * Runs in progress in other processes fail with a container error. `labels`
 * (`key=value`) narrows the selection, e.g. to one pool's containers.
 */
export async function pruneAllContainers(
  docker: Docker,
  options: { labels?: readonly string[] } = {},
): Promise<PruneResult> {
  return prune(docker, () => true, options.labels ?? []);
}

async function prune(
  docker: Docker,
  select: (labels: Readonly<Record<string, string>>) => boolean,
  extraLabels: readonly string[] = [],
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
  const result: PruneResult = { removed: [], failed: [] };
  await Promise.all(
    containers
      .filter((info) => select(info.Labels ?? {}))
      .map(async (info) => {
        try {
          await docker.getContainer(info.Id).remove({ force: true, v: true });
          result.removed.push(info.Id);
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
