/** Limits of a repository snapshot. */
export interface SnapshotOptions {
  /** Most files listed (read or not); more is a `WorkspaceError` (`too_many_files`). */
  maxFiles: number;
  /** Most bytes of text read in all; more is a `WorkspaceError` (`too_many_bytes`). */
  maxTotalBytes: number;
  /** A file larger than this is listed but not read (`too_large`). */
  maxFileBytes: number;
}

/** The limits used where a caller sets none. */
export const DEFAULT_SNAPSHOT_OPTIONS: Readonly<SnapshotOptions> = Object.freeze({
  maxFiles: 5_000,
  maxTotalBytes: 20 * 1024 * 1024,
  maxFileBytes: 256 * 1024,
});
