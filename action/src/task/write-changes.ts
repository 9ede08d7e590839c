import { mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import {
  type ChangePathOptions,
  checkChangePath,
  type FileChange,
  UsageError,
} from "@codeforge/core";

/**
 * Writes a task's changes into the checked-out workspace, for the workflow's later steps
 * (`open-pr: false`): each file's whole new content, `null` deletes. Every path is checked
 * again against the same rules the pipeline used, so a change can never land outside the
 * repository, in `.git/`, or in a workflow unless the operator allowed it.
 *
 * @example
 * await writeChanges(process.env.GITHUB_WORKSPACE, result.repository.changes);
 */
export async function writeChanges(
  root: string,
  changes: readonly FileChange[],
  options: ChangePathOptions = {},
): Promise<void> {
  const refused = changes
    .map((change) => ({ change, check: checkChangePath(change.path, options) }))
    .filter(({ check }) => !check.ok);
  if (refused.length > 0) {
    const reasons = refused.map(({ change, check }) =>
      check.ok ? "" : `${change.path}: ${check.reason}`,
    );
    throw new UsageError(
      `The task's changes include paths that may not be written: ${reasons.join("; ")}`,
    );
  }
  const realRoot = await realpath(root);
  for (const change of changes) {
    const target = join(root, ...change.path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    // A folder of the checkout may be a symbolic link pointing elsewhere.
    const folder = await realpath(dirname(target));
    if (folder !== realRoot && !folder.startsWith(`${realRoot}${sep}`)) {
      throw new UsageError(
        `The change to ${change.path} would be written outside the workspace (through a symbolic link to ${folder}); remove the link or the change`,
      );
    }
    if (change.content === null) await rm(target, { force: true });
    else await writeFile(target, change.content);
  }
}
