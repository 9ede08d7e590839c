import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The CodeForge revision a benchmark ran with. */
export interface CodeforgeRevision {
  /** The checkout's `HEAD` commit. */
  commit: string;
  /** True when tracked files differ from that commit, so the commit alone does not reproduce the run. */
  dirty: boolean;
}

function git(directory: string, args: readonly string[]): string {
  return execFileSync("git", ["-C", directory, ...args], {
    stdio: ["ignore", "pipe", "ignore"],
  }).toString();
}

/**
 * The git commit of the CodeForge checkout this code runs from, found by walking up from
 * `from` (default: this module's folder) to the folder holding `.git`; not the user's
 * working directory, which is usually another project. Null, without an error, when
 * CodeForge is not a git checkout: an npm install (a `node_modules` folder on the way up,
 * which may well sit inside the user's own repository), a tarball, or git missing.
 *
 * @example
 * resolveCodeforgeRevision() // { commit: "f27e8b8…", dirty: false } in a checkout
 */
export function resolveCodeforgeRevision(
  from: string = fileURLToPath(new URL(".", import.meta.url)),
): CodeforgeRevision | null {
  if (from.split(sep).includes("node_modules")) return null;
  let directory = from;
  for (;;) {
    if (existsSync(join(directory, ".git"))) break;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
  try {
    const commit = git(directory, ["rev-parse", "HEAD"]).trim();
    const changes = git(directory, ["status", "--porcelain", "--untracked-files=no"]);
    return { commit, dirty: changes.trim() !== "" };
  } catch {
    // A `.git` without a commit yet, or no git on the PATH: nothing to record.
    return null;
  }
}
