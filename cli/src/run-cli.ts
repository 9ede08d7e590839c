import { CodeForgeError, ConfigError, UsageError } from "@codeforge/core";
import { Command, CommanderError } from "commander";
import type { CliContext } from "./cli-context.js";
import { writeLine } from "./cli-context.js";
import { createCliParts } from "./cli-parts.js";
import type { ExitCodeBox } from "./command-action.js";
import type { CommandRegistrar } from "./commands/command-registrar.js";
import { createCommands } from "./commands/index.js";
import { EXIT_CODES, type ExitCode } from "./exit-codes.js";
import { CLI_VERSION } from "./version.js";

/** Builds the `codeforge` program with the given commands registered. */
export function createProgram(
  context: CliContext,
  exit: ExitCodeBox,
  commands: readonly CommandRegistrar[],
): Command {
  const program = new Command("codeforge")
    .description("A self-repairing AI code agent: plan, write, test in a sandbox, repair.")
    .version(CLI_VERSION, "-V, --version", "print the version")
    .option("--verbose", "show stack traces and debug output on errors")
    .option(
      "--config <file>",
      "read settings from this YAML file (default: codeforge.yml or .github/codeforge.yml, or $CODEFORGE_CONFIG)",
    )
    .showHelpAfterError("(run codeforge --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  for (const register of commands) register(program, context, exit);
  return program;
}

/**
 * Runs the CLI with the given arguments (without `node` and the script) and returns the
 * exit code: 0 success, 1 the work failed, 2 usage or configuration error. Errors become
 * one sentence on stderr; `--verbose` adds the stack. `commands` defaults to every command
 * over the real parts; a test may pass its own.
 */
export async function runCli(
  args: readonly string[],
  context: CliContext,
  commands: readonly CommandRegistrar[] = createCommands(createCliParts()),
): Promise<ExitCode> {
  const exit: ExitCodeBox = { code: EXIT_CODES.success };
  const program = createProgram(context, exit, commands);
  try {
    await program.parseAsync([...args], { from: "user" });
    return exit.code;
  } catch (error) {
    return reportError(error, context, args.includes("--verbose"));
  }
}

function reportError(error: unknown, context: CliContext, verbose: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed help, the version or its own usage message.
    if (error.exitCode === 0) return EXIT_CODES.success;
    return EXIT_CODES.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeLine(context.stderr, `codeforge: ${message}`);
  if (verbose && error instanceof Error && error.stack) writeLine(context.stderr, error.stack);
  if (error instanceof ConfigError || error instanceof UsageError) return EXIT_CODES.usage;
  if (!(error instanceof CodeForgeError) && !verbose) {
    writeLine(context.stderr, "(run again with --verbose for details)");
  }
  return EXIT_CODES.failure;
}
