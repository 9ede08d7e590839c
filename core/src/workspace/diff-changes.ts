import { structuredPatch } from "diff";
import type { WorkspaceSnapshot } from "./workspace-snapshot.js";

/** How one file differs between a base snapshot and a changed one. */
export interface FileDiffStat {
  path: string;
  status: "added" | "modified" | "deleted";
  additions: number;
  deletions: number;
  /** True when the base's content was not read (binary, too large): the diff shows only the new side. */
  baseUnread?: boolean;
}

/** A unified diff (git style, `a/` and `b/` prefixes) with per-file and total line counts. */
export interface ChangesDiff {
  patch: string;
  files: FileDiffStat[];
  additions: number;
  deletions: number;
}

/**
 * The unified diff between a base snapshot and a changed one (for example what
 * `applyChanges` returned), as `git apply` reads it, with per-file stats. Files whose
 * content is unchanged do not appear.
 *
 * @example
 * const { patch, files } = diffSnapshots(base, changed);
 * // files: [{ path: "utils/time.py", status: "modified", additions: 12, deletions: 1 }]
 */
export function diffSnapshots(base: WorkspaceSnapshot, changed: WorkspaceSnapshot): ChangesDiff {
  const before = new Map(base.files.map((file) => [file.path, file]));
  const after = new Map(changed.files.map((file) => [file.path, file]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const parts: string[] = [];
  const files: FileDiffStat[] = [];
  for (const path of paths) {
    const old = before.get(path);
    const next = after.get(path);
    if (old && next && old.content === next.content && old.skipped === next.skipped) continue;
    const status = old === undefined ? "added" : next === undefined ? "deleted" : "modified";
    const baseUnread = old !== undefined && old.content === null;
    if (next !== undefined && next.content === null) continue;
    const oldText = old?.content ?? "";
    const newText = next?.content ?? "";
    const patch = structuredPatch(
      status === "added" ? "/dev/null" : `a/${path}`,
      status === "deleted" ? "/dev/null" : `b/${path}`,
      oldText,
      newText,
      undefined,
      undefined,
      { context: 3 },
    );
    let additions = 0;
    let deletions = 0;
    const lines = [`diff --git a/${path} b/${path}`];
    if (status === "added") lines.push("new file mode 100644");
    if (status === "deleted") lines.push("deleted file mode 100644");
    lines.push(`--- ${patch.oldFileName}`, `+++ ${patch.newFileName}`);
    for (const hunk of patch.hunks) {
      lines.push(
        `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`,
      );
      for (const line of hunk.lines) {
        if (line.startsWith("+")) additions += 1;
        else if (line.startsWith("-")) deletions += 1;
        lines.push(line);
      }
    }
    parts.push(`${lines.join("\n")}\n`);
    files.push({ path, status, additions, deletions, ...(baseUnread ? { baseUnread } : {}) });
  }
  return {
    patch: parts.join(""),
    files,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
  };
}

function range(start: number, count: number): string {
  // An empty side names the line before it, as git does ("@@ -0,0 +1,3 @@").
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
