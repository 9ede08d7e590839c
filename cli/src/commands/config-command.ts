import {
  type Config,
  ENVIRONMENT_VARIABLES,
  EXTRA_ENVIRONMENT_VARIABLES,
  maskSecrets,
  settingLeaves,
} from "@codeforge/core";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { loadCliConfig, resolveConfigFile } from "../load-cli-config.js";
import type { CommandRegistrar } from "./command-registrar.js";

/** Variables read by something other than the configuration (the same list the docs show). */
const OTHER_CODEFORGE_VARIABLES = new Set(
  EXTRA_ENVIRONMENT_VARIABLES.map((variable) => variable.name),
);

/** `CODEFORGE_*` variables that set nothing: most likely typos, which would otherwise go unnoticed. */
function unknownVariables(env: CliContext["env"]): string[] {
  const known = new Set(ENVIRONMENT_VARIABLES.map((variable) => variable.name));
  return Object.keys(env)
    .filter((name) => name.startsWith("CODEFORGE_"))
    .filter((name) => !known.has(name) && !OTHER_CODEFORGE_VARIABLES.has(name))
    .sort();
}

function valueAt(root: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (current, key) => (current as Record<string, unknown> | undefined)?.[key],
      root,
    );
}

/** The effective configuration as `path = value` lines (every setting), secrets as "set" / "not set". */
export function renderConfig(config: Config): string[] {
  const masked = maskSecrets(config);
  return settingLeaves().map(({ path }) => {
    const value = valueAt(masked, path);
    return `${path} = ${value === undefined ? "(not set)" : JSON.stringify(value)}`;
  });
}

function describeFile(context: CliContext, command: Command): string {
  return resolveConfigFile(context, command) ?? "none (defaults and environment only)";
}

/**
 * `codeforge config show [--json]` prints the effective configuration (secrets only as
 * "set"/"not set"); `codeforge config check` validates it and exits 0, or 2 with every problem.
 */
export const registerConfigCommand: CommandRegistrar = (
  program: Command,
  context: CliContext,
  exit: ExitCodeBox,
) => {
  const config = program
    .command("config")
    .description("show or check the configuration (see docs/configuration.md)");

  config
    .command("show")
    .description("print the effective configuration; secrets show only as set / not set")
    .option("--json", "print JSON")
    .action(
      commandAction(exit, (options: { json?: boolean }, command: Command) => {
        const loaded = loadCliConfig(context, command);
        if (options.json) {
          writeLine(context.stdout, JSON.stringify(maskSecrets(loaded), null, 2));
          return EXIT_CODES.success;
        }
        writeLine(context.stdout, `# configuration file: ${describeFile(context, command)}`);
        for (const line of renderConfig(loaded)) writeLine(context.stdout, line);
        return EXIT_CODES.success;
      }),
    );

  config
    .command("check")
    .description("validate the configuration: exit 0 when valid, 2 listing every problem")
    .action(
      commandAction(exit, (_options: unknown, command: Command) => {
        // A ConfigError propagates to runCli, which prints it and exits with 2.
        loadCliConfig(context, command);
        for (const name of unknownVariables(context.env)) {
          writeLine(
            context.stderr,
            `warning: ${name} is not a CodeForge setting and is ignored (the variables are listed in docs/configuration.md)`,
          );
        }
        writeLine(
          context.stdout,
          `✓ configuration is valid; configuration file: ${describeFile(context, command)}`,
        );
        return EXIT_CODES.success;
      }),
    );
};
