import { execFile } from "node:child_process";
import type { Dirent } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import { promisify } from "node:util";
import ignore, { type Ignore } from "ignore";
import { VENDORED_FOLDERS } from "./classify-file.js";
import { SnapshotBuilder } from "./snapshot-builder.js";
import type { SnapshotOptions } from "./snapshot-options.js";
import { WorkspaceError } from "./workspace-error.js";
import type { WorkspaceSnapshot } from "./workspace-snapshot.js";

const run = promisify(execFile);

/** How {@link readDirectorySnapshot} reads a folder. */
export interface DirectorySnapshotOptions extends Partial<SnapshotOptions> {
  /** The git executable; default `git` on PATH. Without git every folder is walked. */
  git?: string;
}

/**
 * Reads a local folder as a snapshot. In a git work tree the files are those git tracks
 * (`git ls-files`, so ignored and untracked files stay out); elsewhere the folder is walked
 * with its `.gitignore` files respected, `.git` and vendored folders (`node_modules`,
 * `.venv`…) left out. Binary, vendored and oversized files are listed, not read.
 *
 * @example
 * const snapshot = await readDirectorySnapshot("/src/my-repo", { maxFiles: 2_000 });
 */
export async function readDirectorySnapshot(
  directory: string,
  options: DirectorySnapshotOptions = {},
): Promise<WorkspaceSnapshot> {
  const builder = new SnapshotBuilder(options);
  const tracked = await gitTrackedFiles(directory, options.git ?? "git");
  const paths = tracked ?? (await walk(directory));
  for (const path of paths) {
    const absolute = join(directory, ...path.split("/"));
    let stats: Awaited<ReturnType<typeof lstat>>;
    try {
      stats = await lstat(absolute);
    } catch (error) {
      // Tracked but deleted in the work tree: not part of what the agent sees.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw unreadable(absolute, error);
    }
    if (stats.isSymbolicLink()) {
      builder.add(path, stats.size, undefined, true);
      continue;
    }
    if (!stats.isFile()) continue;
    const bytes = builder.wantsContent(path, stats.size) ? await readFile(absolute) : undefined;
    builder.add(path, stats.size, bytes);
  }
  return builder.build();
}

async function gitTrackedFiles(directory: string, git: string): Promise<string[] | undefined> {
  try {
    const inside = await run(git, ["-C", directory, "rev-parse", "--is-inside-work-tree"]);
    if (inside.stdout.trim() !== "true") return undefined;
    const listed = await run(git, ["-C", directory, "ls-files", "-z", "--cached"], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return listed.stdout.split("\0").filter((path) => path.length > 0);
  } catch {
    // Not a work tree, or no git: walk the folder instead.
    return undefined;
  }
}

interface IgnoreRule {
  /** The folder of the `.gitignore`, relative to the root ("" for the root). */
  base: string;
  rules: Ignore;
}

async function walk(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string, inherited: readonly IgnoreRule[]) => {
    const absolute = join(root, ...folder.split("/").filter(Boolean));
    let entries: Dirent[];
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      throw unreadable(absolute, error);
    }
    const rules = [...inherited];
    const gitignore = entries.find((entry) => entry.name === ".gitignore" && entry.isFile());
    if (gitignore) {
      const text = await readFile(join(absolute, ".gitignore"), "utf8");
      rules.push({ base: folder, rules: ignore().add(text) });
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      const directory = entry.isDirectory();
      if (directory && (entry.name === ".git" || VENDORED_FOLDERS.has(entry.name))) continue;
      if (isIgnored(rules, path, directory)) continue;
      if (directory) await visit(path, rules);
      else found.push(path);
    }
  };
  await visit("", []);
  return found;
}

function isIgnored(rules: readonly IgnoreRule[], path: string, directory: boolean): boolean {
  return rules.some((rule) => {
    const inside = rule.base === "" ? path : posix.relative(rule.base, path);
    return !inside.startsWith("../") && rule.rules.ignores(directory ? `${inside}/` : inside);
  });
}

function unreadable(path: string, error: unknown): WorkspaceError {
  const reason = error instanceof Error ? error.message : String(error);
  return new WorkspaceError(
    `Cannot read ${relative(".", path).split(sep).join("/") || path}: ${reason}; check the path and its permissions`,
    {
      code: "unreadable",
      cause: error,
    },
  );
}
