import { join } from "node:path";

/**
 * The user cache directory datasets are downloaded into when no data directory is
 * configured: `$XDG_CACHE_HOME/codeforge/datasets`, else `~/.cache/codeforge/datasets`.
 * The caller passes the environment and home directory (only the CLI reads them).
 */
export function datasetCacheDir(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg.trim() !== "" ? xdg : join(homeDir, ".cache");
  return join(base, "codeforge", "datasets");
}
