import { structuredPatch } from "diff";

/** One line of a diff: a context line, a removed line or an added line. */
export interface DiffLine {
  kind: "context" | "removed" | "added" | "hunk";
  text: string;
}

/**
 * The unified diff between two versions of a program, as lines (hunk headers included),
 * with `context` unchanged lines around each change. Empty when the texts are equal.
 */
export function fixDiff(before: string, after: string, context = 1): DiffLine[] {
  const patch = structuredPatch("before", "after", before, after, undefined, undefined, {
    context,
  });
  const lines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    lines.push({
      kind: "hunk",
      text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    });
    for (const line of hunk.lines) {
      if (line.startsWith("\\")) continue;
      const kind = line.startsWith("+") ? "added" : line.startsWith("-") ? "removed" : "context";
      lines.push({ kind, text: line });
    }
  }
  return lines;
}
