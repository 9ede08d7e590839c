import { posix } from "node:path";
import { z } from "zod";
import { FileChangeSchema } from "./file-change.js";

/** What a change may touch beyond the defaults. */
export interface ChangePathOptions {
  /** Allow changes under `.github/workflows/` (the operator's choice; default false). */
  allowWorkflowChanges?: boolean;
}

/** A checked path: normalised, or the reason it is refused. */
export type ChangePathCheck = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Checks a path a model proposes to change: relative, inside the repository, no `..`
 * segment, not under `.git/`, and not a workflow file under `.github/workflows/` unless
 * the operator allows it. `./a.py` and `a//b.py` normalise to `a.py` and `a/b.py`; the
 * checks on `.git` and `.github` ignore case (case-insensitive file systems).
 *
 * @example
 * checkChangePath("src/../../etc/passwd"); // { ok: false, reason: "…must not contain '..'…" }
 */
export function checkChangePath(path: string, options: ChangePathOptions = {}): ChangePathCheck {
  const refuse = (reason: string): ChangePathCheck => ({
    ok: false,
    reason: `"${path}" ${reason}`,
  });
  if (path.trim() === "") return refuse("is empty: name a file inside the repository");
  if (path.includes("\0")) return refuse("contains a NUL character");
  if (path.includes("\\")) return refuse("contains a backslash: use forward slashes");
  if (posix.isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith("~")) {
    return refuse("is absolute: use a path relative to the repository's root");
  }
  if (path.split("/").includes(".."))
    return refuse("must not contain '..': stay inside the repository");
  const normal = posix.normalize(path).replace(/\/+$/, "");
  if (normal === "." || normal === "" || path.endsWith("/"))
    return refuse("names a folder, not a file");
  const lower = normal.toLowerCase();
  if (lower === ".git" || lower.startsWith(".git/"))
    return refuse("is inside .git/, which is never changed");
  if (lower.startsWith(".github/workflows/") && options.allowWorkflowChanges !== true) {
    return refuse(
      "is a workflow file under .github/workflows/, which the operator does not allow changing",
    );
  }
  return { ok: true, path: normal };
}

/**
 * The `changes` array with every path checked (and each path at most once), as a zod
 * schema: a model's invalid path comes back as a zod issue for the corrective re-ask.
 */
export function createFileChangesSchema(options: ChangePathOptions = {}) {
  return z.array(FileChangeSchema).superRefine((changes, context) => {
    const seen = new Set<string>();
    changes.forEach((change, index) => {
      const check = checkChangePath(change.path, options);
      if (!check.ok) {
        context.addIssue({ code: "custom", path: [index, "path"], message: check.reason });
        return;
      }
      if (seen.has(check.path)) {
        context.addIssue({
          code: "custom",
          path: [index, "path"],
          message: `"${change.path}" is changed twice: give each file once, with its whole new content`,
        });
      }
      seen.add(check.path);
    });
  });
}
