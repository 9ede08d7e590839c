import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
  CONFIG_FILE_VARIABLE,
  type Config,
  type ConfigInput,
  createLogger,
  type Logger,
  loadConfig,
  secretsOf,
} from "@codeforge/core";
import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";

/** Files looked for under the working directory when no file is named, in this order. */
export const DEFAULT_CONFIG_FILES = ["codeforge.yml", ".github/codeforge.yml"] as const;

/**
 * The configuration file the CLI reads and whether the operator chose it: `--config FILE`,
 * else `CODEFORGE_CONFIG` (the operator's: full power), else the first of
 * {@link DEFAULT_CONFIG_FILES} that exists under the working directory (the repository's:
 * restricted, since the working directory may be an untrusted checkout), else none.
 */
export function resolveConfigSource(
  context: CliContext,
  command: Command,
  /** Where a repository's own file is looked for; the working directory by default. */
  repositoryRoot: string = context.cwd,
): { path: string; operator: boolean } | undefined {
  const flag = (command.optsWithGlobals() as { config?: unknown }).config;
  const named = typeof flag === "string" && flag !== "" ? flag : context.env[CONFIG_FILE_VARIABLE];
  if (named !== undefined && named.trim() !== "") {
    return { path: resolve(context.cwd, named.trim()), operator: true };
  }
  const found = DEFAULT_CONFIG_FILES.map((name) => resolve(repositoryRoot, name)).find((path) =>
    existsSync(path),
  );
  return found === undefined ? undefined : { path: found, operator: false };
}

/**
 * The path of the configuration file the CLI reads (see {@link resolveConfigSource}), or
 * undefined. A named file that does not exist is an error (reported by `loadConfig`).
 */
export function resolveConfigFile(context: CliContext, command: Command): string | undefined {
  return resolveConfigSource(context, command)?.path;
}

/** What a repository's file that sets an operator's setting is told. */
export const REPOSITORY_TRUST_HINT =
  "if you trust this file, pass it with --config (or CODEFORGE_CONFIG), which gives it full power";

/**
 * Loads the configuration for a command: defaults → environment → the config file (see
 * {@link resolveConfigSource}; a file found in the working directory is a repository's and
 * may set only what the trust rule allows) → `overrides` (the command's flags). The global `--verbose`
 * raises the log level to `debug` (so logged errors carry their stack). Throws a
 * `ConfigError`, which `runCli` prints and turns into exit code 2.
 *
 * @example
 * const config = loadCliConfig(context, command, { repair: { maxRetries: options.maxRetries } },
 *   { "repair.maxRetries": "--max-retries" });
 */
export function loadCliConfig(
  context: CliContext,
  command: Command,
  overrides?: ConfigInput,
  overrideSources?: Readonly<Record<string, string>>,
  /** `run --repo DIR`: the repository's own file is looked for in DIR, under the trust rule. */
  options: { repositoryRoot?: string } = {},
): Readonly<Config> {
  const source = resolveConfigSource(context, command, options.repositoryRoot);
  const file = source?.operator ? { file: source.path } : {};
  const repositoryFile =
    source && !source.operator
      ? { repositoryFile: source.path, repositoryTrustHint: REPOSITORY_TRUST_HINT }
      : {};
  const load = (
    extra: ConfigInput | undefined,
    extraSources: Readonly<Record<string, string>> | undefined,
  ) =>
    loadConfig({
      env: context.env,
      ...file,
      ...repositoryFile,
      ...(extra === undefined ? {} : { overrides: extra }),
      ...(extraSources === undefined ? {} : { overrideSources: extraSources }),
    });
  const config = load(overrides, overrideSources);
  const verbose = (command.optsWithGlobals() as { verbose?: unknown }).verbose === true;
  if (!verbose || VERBOSE_LEVELS.has(config.telemetry.logLevel)) return config;
  // --verbose means debug output and stacks on logged errors; a trace level stays trace.
  return load(
    { ...overrides, telemetry: { ...overrides?.telemetry, logLevel: "debug" } },
    { ...overrideSources, "telemetry.logLevel": "--verbose" },
  );
}

/** Levels at least as detailed as `--verbose` asks for. */
const VERBOSE_LEVELS: ReadonlySet<string> = new Set(["debug", "trace"]);

/**
 * The CLI's logger: level and format from the configuration, written to stderr (stdout is
 * kept for command output), with every configured secret redacted.
 */
export function createCliLogger(context: CliContext, config: Readonly<Config>): Logger {
  return createLogger({
    level: config.telemetry.logLevel,
    format: config.telemetry.logFormat,
    destination: context.stderr,
    secrets: secretsOf(config),
  });
}
