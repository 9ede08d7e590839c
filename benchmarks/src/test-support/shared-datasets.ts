import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The team's dataset folder for tests: `CODEFORGE_DATA_DIR` when set, else
 * `../shared/datasets` beside the repository. `available` is false when it is missing,
 * so suites skip with the reason instead of failing on machines without it.
 */
export function sharedDatasets(): { dir: string; available: boolean; reason: string } {
  const dir =
    process.env.CODEFORGE_DATA_DIR ??
    fileURLToPath(new URL("../../../../shared/datasets/", import.meta.url));
  const available = existsSync(dir);
  return {
    dir,
    available,
    reason: available ? "" : `(skipped: no datasets at ${dir}; set CODEFORGE_DATA_DIR)`,
  };
}
