/** Why a listed file's content was not read. */
export const SKIP_REASONS = ["binary", "too_large", "vendored", "symlink"] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

/** One file of a snapshot: always listed, its text read unless `skipped` says why not. */
export interface WorkspaceFile {
  /** Relative POSIX path inside the repository, e.g. `src/app.py`. */
  path: string;
  /** Size in bytes (of `content` once changed). */
  size: number;
  /** The UTF-8 text, or null when not read. */
  content: string | null;
  /** Set when `content` is null. */
  skipped?: SkipReason;
  /**
   * A lockfile's text: never shown to the agent (its `content` stays null), uploaded only to
   * the repository's setup step (`npm ci` installs from `package-lock.json`).
   */
  setupContent?: string;
}

/**
 * The files of a repository at a base commit, whatever they were read from (a local
 * directory or a GitHub tarball): sorted by path, each path once.
 */
export interface WorkspaceSnapshot {
  readonly files: readonly WorkspaceFile[];
}

/** The file at `path`, if the snapshot has it. */
export function snapshotFile(snapshot: WorkspaceSnapshot, path: string): WorkspaceFile | undefined {
  return snapshot.files.find((file) => file.path === path);
}

/** A snapshot of the given files, sorted by path. */
export function createSnapshot(files: Iterable<WorkspaceFile>): WorkspaceSnapshot {
  return { files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}
