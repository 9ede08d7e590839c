import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { WorkspaceSnapshot } from "@codeforge/core";

/**
 * Version of how setup images are made: bump it when the key, the setup bootstrap or its
 * environment change, and every cached setup image is retired.
 */
const KEY_VERSION = "1";

/** File names that declare what a Python or Node repository installs. */
const DEPENDENCY_FILE_NAMES: ReadonlySet<string> = new Set([
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "Pipfile",
  "Pipfile.lock",
  "poetry.lock",
  "uv.lock",
  "pdm.lock",
  "constraints.txt",
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  ".npmrc",
]);

/**
 * Whether a path declares dependencies: the names above anywhere in the repository,
 * `requirements*.txt` / `requirements*.in`, and any file under a `requirements/` folder.
 */
export function isDependencyFile(path: string): boolean {
  const name = posix.basename(path);
  if (DEPENDENCY_FILE_NAMES.has(name)) return true;
  if (/^requirements.*\.(txt|in)$/.test(name)) return true;
  return path.split("/").slice(0, -1).includes("requirements");
}

/** What a setup image is cached by. */
export interface SetupCacheKeyInput {
  snapshot: WorkspaceSnapshot;
  /** The setup command line. */
  command: string;
  /** The image id (`sha256:…`) setup starts from. */
  baseImageId: string;
}

/**
 * The key of a setup image: a SHA-256 over the recipe version, the base image id, the
 * command and every dependency file (path and text; a lockfile's text is read for setup).
 * A dependency file the snapshot could not read counts by path and size: it never reaches
 * the container, so its bytes cannot change what setup did. Other files do not count: setup installs
 * dependencies, and the tests always see the snapshot's own files.
 */
export function setupCacheKey(input: SetupCacheKeyInput): string {
  const hash = createHash("sha256");
  const field = (value: string) => hash.update(`${Buffer.byteLength(value)}:${value}\n`);
  field(KEY_VERSION);
  field(input.baseImageId);
  field(input.command);
  const files = input.snapshot.files
    .filter((file) => isDependencyFile(file.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of files) {
    field(file.path);
    const text = file.content ?? file.setupContent;
    field(text === undefined || text === null ? `unread ${file.size}` : `text ${text}`);
  }
  return hash.digest("hex");
}
