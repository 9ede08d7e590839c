import { type ChangePathOptions, checkChangePath } from "./change-path.js";
import type { FileChange } from "./file-change.js";
import {
  createSnapshot,
  type WorkspaceFile,
  type WorkspaceSnapshot,
} from "./workspace-snapshot.js";

/** What {@link applyChanges} did: the new snapshot, or every reason it refused the changes. */
export type ApplyChangesResult =
  | { ok: true; snapshot: WorkspaceSnapshot }
  | { ok: false; problems: string[] };

/**
 * Applies changes to a snapshot without touching it: each change's path is checked
 * ({@link checkChangePath}), written files replace or add whole contents, `null` deletes.
 * Refused changes are a value listing every problem (a bad path, a file changed twice,
 * deleting a file that is not there, a file where a folder is), so a model can be asked
 * again with all of them.
 *
 * @example
 * const result = applyChanges(snapshot, [{ path: "a.py", content: "x = 1\n" }]);
 * if (result.ok) run(result.snapshot);
 */
export function applyChanges(
  snapshot: WorkspaceSnapshot,
  changes: readonly FileChange[],
  options: ChangePathOptions = {},
): ApplyChangesResult {
  const files = new Map<string, WorkspaceFile>(snapshot.files.map((file) => [file.path, file]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const change of changes) {
    const check = checkChangePath(change.path, options);
    if (!check.ok) {
      problems.push(check.reason);
      continue;
    }
    const { path } = check;
    if (seen.has(path)) {
      problems.push(`"${change.path}" is changed twice: give each file once`);
      continue;
    }
    seen.add(path);
    const link = symbolicLinkOnTheWay(snapshot, path);
    if (link !== undefined) {
      problems.push(
        `"${change.path}" cannot be changed: ${link} is a symbolic link, which a change could follow out of the repository; change the file it points to`,
      );
      continue;
    }
    if (change.content === null) {
      if (!files.delete(path))
        problems.push(`"${change.path}" cannot be deleted: the repository has no such file`);
      continue;
    }
    const clash = folderClash(files, path);
    if (clash !== undefined) {
      problems.push(`"${change.path}" cannot be written: ${clash}`);
      continue;
    }
    files.set(path, { path, size: Buffer.byteLength(change.content), content: change.content });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, snapshot: createSnapshot(files.values()) };
}

/** The path itself, or a folder above it, when the snapshot lists it as a symbolic link. */
function symbolicLinkOnTheWay(snapshot: WorkspaceSnapshot, path: string): string | undefined {
  const links = new Set(
    snapshot.files.filter((file) => file.skipped === "symlink").map((file) => file.path),
  );
  const parts = path.split("/");
  for (let length = parts.length; length > 0; length -= 1) {
    const prefix = parts.slice(0, length).join("/");
    if (links.has(prefix)) return prefix;
  }
  return undefined;
}

function folderClash(files: ReadonlyMap<string, WorkspaceFile>, path: string): string | undefined {
  const prefix = `${path}/`;
  for (const existing of files.keys()) {
    if (existing.startsWith(prefix)) return `it is a folder (it holds ${existing})`;
    if (path.startsWith(`${existing}/`)) return `${existing} is a file, not a folder`;
  }
  return undefined;
}
