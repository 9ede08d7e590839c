import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import {
  type Config,
  prepareRepositoryTask,
  type RepositoryTaskInput,
  readDirectorySnapshot,
  UsageError,
} from "@codeforge/core";

const run = promisify(execFile);

/**
 * Reads a local repository for `codeforge run --repo DIR`: its files (git-tracked ones in a
 * work tree), its HEAD commit, its test command and repo map, within the configured limits.
 */
export async function readRepository(
  directory: string,
  prompt: string,
  config: Readonly<Config>,
): Promise<RepositoryTaskInput> {
  const found = await stat(directory).catch(() => undefined);
  if (!found?.isDirectory()) {
    throw new UsageError(`--repo ${directory}: not a folder; give the repository's root folder.`);
  }
  const snapshot = await readDirectorySnapshot(directory, {
    maxFiles: config.repository.maxFiles,
    maxTotalBytes: config.repository.maxTotalBytes,
    maxFileBytes: config.repository.maxFileBytes,
  });
  return prepareRepositoryTask(snapshot, {
    prompt,
    config,
    baseCommit: await headCommit(directory),
    name: directory,
  });
}

/** The work tree's HEAD commit, or null outside git (or before the first commit). */
export async function headCommit(directory: string): Promise<string | null> {
  try {
    const { stdout } = await run("git", ["-C", directory, "rev-parse", "--verify", "HEAD"]);
    return stdout.trim() || null;
  } catch {
    return null;
  }
}
