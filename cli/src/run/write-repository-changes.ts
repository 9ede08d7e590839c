import { execFile } from "node:child_process";
import { lstat, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { type FileChange, snapshotFile, type WorkspaceSnapshot } from "@codeforge/core";

const run = promisify(execFile);

/** What writing a repository task's changes into its work tree did. */
export type WriteChangesOutcome =
  | { written: true; paths: string[] }
  | { written: false; conflicts: string[] };

/**
 * Writes a repository task's changes into the folder it was read from. Refuses, writing
 * nothing, when a file to change has uncommitted changes in git or was changed since the
 * snapshot was read (someone edited it during the run), unless `force`.
 */
export async function writeRepositoryChanges(
  directory: string,
  base: WorkspaceSnapshot,
  changes: readonly FileChange[],
  options: { force: boolean },
): Promise<WriteChangesOutcome> {
  const paths = changes.map((change) => change.path);
  // Never through a symbolic link, even with force: it could lead out of the repository.
  const links = await symbolicLinksOnTheWay(directory, paths);
  if (links.length > 0) return { written: false, conflicts: links };
  if (!options.force) {
    const conflicts = new Set([
      ...(await uncommitted(directory, paths)),
      ...(await changedSince(directory, base, paths)),
    ]);
    if (conflicts.size > 0) return { written: false, conflicts: [...conflicts].sort() };
  }
  for (const change of changes) {
    const target = join(directory, ...change.path.split("/"));
    if (change.content === null) {
      await rm(target, { force: true });
    } else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, change.content);
    }
  }
  return { written: true, paths };
}

/** `path (a symbolic link: …)` for every path that is, or lies under, a symbolic link on disk. */
async function symbolicLinksOnTheWay(
  directory: string,
  paths: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const parts = path.split("/");
    for (let length = 1; length <= parts.length; length += 1) {
      const prefix = parts.slice(0, length).join("/");
      const stats = await lstat(join(directory, ...parts.slice(0, length))).catch(() => undefined);
      if (stats?.isSymbolicLink()) {
        found.push(`${path} (${prefix} is a symbolic link)`);
        break;
      }
    }
  }
  return found;
}

/** Paths git reports as modified, staged, untracked or deleted; none outside a work tree. */
async function uncommitted(directory: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  try {
    const { stdout } = await run("git", [
      "-C",
      directory,
      "status",
      "--porcelain=v1",
      "-z",
      "--untracked-files=all",
      "--",
      ...paths,
    ]);
    return stdout
      .split("\0")
      .filter((entry) => entry.length > 3)
      .map((entry) => entry.slice(3));
  } catch {
    return [];
  }
}

/** Paths whose content on disk is no longer what the snapshot read. */
async function changedSince(
  directory: string,
  base: WorkspaceSnapshot,
  paths: readonly string[],
): Promise<string[]> {
  const changed: string[] = [];
  for (const path of paths) {
    const before = snapshotFile(base, path);
    const now = await readFile(join(directory, ...path.split("/")), "utf8").catch(() => null);
    if ((before?.content ?? null) !== now) changed.push(path);
  }
  return changed;
}
