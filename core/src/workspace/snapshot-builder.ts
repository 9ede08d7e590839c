import { decodeText, hasBinaryExtension, isLockfile, isVendored } from "./classify-file.js";
import { DEFAULT_SNAPSHOT_OPTIONS, type SnapshotOptions } from "./snapshot-options.js";
import { WorkspaceError } from "./workspace-error.js";
import {
  createSnapshot,
  type WorkspaceFile,
  type WorkspaceSnapshot,
} from "./workspace-snapshot.js";

/**
 * Collects the files of a snapshot under its limits, for both sources (a directory and a
 * tarball): decides which files are read, and throws a `WorkspaceError` that names the
 * limit as soon as the repository is over it.
 */
export class SnapshotBuilder {
  private readonly options: SnapshotOptions;
  private readonly files = new Map<string, WorkspaceFile>();
  private totalBytes = 0;

  constructor(options: Partial<SnapshotOptions> = {}) {
    this.options = { ...DEFAULT_SNAPSHOT_OPTIONS, ...options };
  }

  /** Whether the file at `path` with `size` bytes will be read (else only listed). */
  wantsContent(path: string, size: number): boolean {
    return this.skipReason(path, size) === undefined || this.setupOnly(path, size);
  }

  /** Lists a file; `bytes` is its content when {@link wantsContent} said so. */
  add(path: string, size: number, bytes?: Uint8Array, symlink = false): void {
    if (this.files.size >= this.options.maxFiles && !this.files.has(path)) {
      throw new WorkspaceError(
        `The repository has more than ${this.options.maxFiles} files: raise the snapshot's maxFiles limit, or run on a smaller repository`,
        { code: "too_many_files" },
      );
    }
    const skipped = symlink ? "symlink" : this.skipReason(path, size);
    if (!symlink && bytes !== undefined && this.setupOnly(path, size)) {
      const decoded = decodeText(bytes);
      this.count(bytes.length);
      this.files.set(path, {
        path,
        size,
        content: null,
        skipped: "vendored",
        ...("text" in decoded ? { setupContent: decoded.text } : {}),
      });
      return;
    }
    if (skipped !== undefined || bytes === undefined) {
      this.files.set(path, { path, size, content: null, skipped: skipped ?? "too_large" });
      return;
    }
    const decoded = decodeText(bytes);
    if ("skipped" in decoded) {
      this.files.set(path, { path, size, content: null, skipped: decoded.skipped });
      return;
    }
    this.count(bytes.length);
    this.files.set(path, { path, size, content: decoded.text });
  }

  private count(bytes: number): void {
    this.totalBytes += bytes;
    if (this.totalBytes > this.options.maxTotalBytes) {
      throw new WorkspaceError(
        `The repository's text files pass ${this.options.maxTotalBytes} bytes: raise the snapshot's maxTotalBytes limit, or run on a smaller repository`,
        { code: "too_many_bytes" },
      );
    }
  }

  /** A lockfile is read for the setup step alone, within the total byte limit. */
  private setupOnly(path: string, size: number): boolean {
    return isLockfile(path) && size <= this.options.maxTotalBytes;
  }

  /** The snapshot of every file added. */
  build(): WorkspaceSnapshot {
    return createSnapshot(this.files.values());
  }

  private skipReason(path: string, size: number): WorkspaceFile["skipped"] {
    if (isVendored(path)) return "vendored";
    if (hasBinaryExtension(path)) return "binary";
    if (size > this.options.maxFileBytes) return "too_large";
    return undefined;
  }
}
