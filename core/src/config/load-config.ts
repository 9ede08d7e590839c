import { ConfigError, type ConfigIssue } from "../errors/config-error.js";
import { applyRepositoryConfig } from "./apply-repository-config.js";
import { toConfigIssues } from "./config-issues.js";
import type { ConfigLayer, ValueOrigin } from "./config-layer.js";
import { deepFreeze, deepMerge, walkValues, withoutUndefined } from "./config-layer.js";
import { type Config, type ConfigInput, ConfigSchema } from "./config-schema.js";
import { type ConfigFileSource, readConfigFile } from "./read-config-file.js";
import { readEnvironment } from "./read-environment.js";

/** Where {@link loadConfig} reads from. Later sources win. */
export interface LoadConfigOptions {
  /** The environment (`process.env` in a composition root; a literal in tests). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The operator's YAML file (e.g. one passed with `--config`): a path, or a path with its
   * text. It may set anything.
   */
  readonly file?: ConfigFileSource;
  /**
   * A repository's own config file (`codeforge.yml` or `.github/codeforge.yml` found in the
   * working directory, or read from a repository): untrusted, applied with
   * {@link applyRepositoryConfig} over the environment and `file`, below `overrides`.
   */
  readonly repositoryFile?: ConfigFileSource;
  /** Appended to a setting the repository's file may not set; see `ApplyRepositoryConfigOptions`. */
  readonly repositoryTrustHint?: string;
  /** Explicit values, e.g. from CLI flags; `undefined` values are ignored. */
  readonly overrides?: ConfigInput;
  /**
   * How each override is named in errors, by dotted path, e.g.
   * `{ "repair.maxRetries": "--max-retries" }`. Unnamed overrides show as `override <path>`.
   */
  readonly overrideSources?: Readonly<Record<string, string>>;
}

function overridesLayer(
  overrides: ConfigInput,
  names: Readonly<Record<string, string>>,
): ConfigLayer {
  const input = withoutUndefined(overrides as Record<string, unknown>);
  const origins = new Map<string, ValueOrigin>();
  walkValues(input, (path) => origins.set(path, { source: names[path] ?? `override ${path}` }));
  return { input, origins, issues: [] };
}

/**
 * Builds the configuration from defaults → environment → YAML file → repository file
 * (restricted: see {@link applyRepositoryConfig}) → overrides (later wins) and returns it
 * deeply frozen. The operator's sources (environment, `file`, overrides) may set anything;
 * the repository's file only what the trust rule allows, within the limits the operator's
 * sources set (the flags' values included), and flags still win over it. Every problem of every source is collected into one
 * {@link ConfigError}, each issue naming its source (`CODEFORGE_SANDBOX_TIMEOUT_SECONDS`,
 * `.github/codeforge.yml: sandbox.timeoutSeconds`, `--max-retries`) and the allowed values.
 *
 * @example
 * const config = loadConfig({ env: process.env, file: ".github/codeforge.yml" });
 */
export function loadConfig(options: LoadConfigOptions): Readonly<Config> {
  const layers: ConfigLayer[] = [readEnvironment(options.env)];
  if (options.file !== undefined) layers.push(readConfigFile(options.file));
  const overrides =
    options.overrides === undefined
      ? undefined
      : overridesLayer(options.overrides, options.overrideSources ?? {});
  if (overrides) layers.push(overrides);
  const operator = buildConfig(layers);
  if (options.repositoryFile === undefined) return operator;

  const repository = applyRepositoryConfig(operator, options.repositoryFile, {
    ...(options.repositoryTrustHint === undefined
      ? {}
      : { trustHint: options.repositoryTrustHint }),
  });
  if (!overrides) return repository;
  // The operator's flags win over the repository's file.
  const result = ConfigSchema.safeParse(
    deepMerge(repository as unknown as Record<string, unknown>, overrides.input),
  );
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((issue) => toConfigIssues(issue, layers)));
  }
  return deepFreeze(result.data);
}

/** Validates each layer alone and then merged; every problem goes into one {@link ConfigError}. */
function buildConfig(layers: readonly ConfigLayer[]): Readonly<Config> {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: ConfigIssue) => {
    const key = `${issue.source}\u0000${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  for (const layer of layers) {
    for (const issue of layer.issues) add(issue);
    // Each source alone, so a bad value is reported even when a later source replaces it.
    const alone = ConfigSchema.safeParse(layer.input);
    if (alone.success) continue;
    for (const issue of alone.error.issues) {
      // Rules across fields only make sense on the merged result.
      if (issue.code === "custom") continue;
      for (const configIssue of toConfigIssues(issue, [layer])) add(configIssue);
    }
  }

  const merged = layers.reduce<Record<string, unknown>>(
    (result, layer) => deepMerge(result, layer.input),
    {},
  );
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const configIssue of toConfigIssues(issue, layers)) add(configIssue);
    }
  }
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return deepFreeze(result.data);
}
