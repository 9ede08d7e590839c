// Plain JavaScript: the bin runs it before (and without) any build.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The workspace packages the CLI's build is made of. */
const PACKAGES = ["cli", "core", "sandbox", "benchmarks"];

/** Sources that reach dist/: TypeScript outside tests and test support (the build skips those). */
function isBuiltSource(file) {
  return (
    file.endsWith(".ts") &&
    !file.endsWith(".test.ts") &&
    !file.split(/[\\/]/).includes("test-support")
  );
}

function modifiedMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The `<package>/src` folders, in a repository checkout under `root`, holding a source newer
 * than that package's last build (`dist/.tsbuildinfo`, rewritten by every build that changed
 * something). Packages without a `src` folder (an npm install) are skipped.
 *
 * @example
 * stalePackages("/work/codeforge"); // ["core/src"] after editing core without a build
 */
export function stalePackages(root) {
  const stale = [];
  for (const name of PACKAGES) {
    const src = join(root, name, "src");
    if (modifiedMs(src) === undefined) continue;
    const built = modifiedMs(join(root, name, "dist", ".tsbuildinfo")) ?? 0;
    const files = readdirSync(src, { recursive: true, encoding: "utf8" });
    if (files.some((file) => isBuiltSource(file) && (modifiedMs(join(src, file)) ?? 0) > built)) {
      stale.push(`${name}/src`);
    }
  }
  return stale;
}
