import { homedir } from "node:os";
import { resolve } from "node:path";
import { type DatasetLocation, datasetCacheDir } from "@codeforge/benchmarks";
import type { Config } from "@codeforge/core";
import type { CliContext } from "./cli-context.js";

/** What {@link datasetLocation} reads besides the context and config. */
export interface DatasetLocationOptions {
  /** The command's `--data-dir`, relative to the working directory. */
  dataDir?: string | undefined;
  /** The home folder the default download cache lives under; defaults to the user's. */
  homeDir?: (() => string) | undefined;
  /** Downloads a missing dataset into the cache; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * Where `codeforge eval` and `codeforge bench` read datasets from, in order: `--data-dir`,
 * else `benchmarks.dataDir` (`CODEFORGE_DATA_DIR`), both relative to the working directory,
 * else the user cache folder a missing file is downloaded into.
 *
 * @example
 * const dataset = await loadDataset("humaneval", datasetLocation(context, config, options));
 */
export function datasetLocation(
  context: CliContext,
  config: Readonly<Config>,
  options: DatasetLocationOptions = {},
): DatasetLocation {
  const configured = config.benchmarks.dataDir;
  return {
    ...(options.dataDir === undefined ? {} : { dataDir: resolve(context.cwd, options.dataDir) }),
    ...(configured === undefined ? {} : { envDataDir: resolve(context.cwd, configured) }),
    cacheDir: datasetCacheDir(context.env, (options.homeDir ?? homedir)()),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
}
