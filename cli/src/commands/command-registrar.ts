import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import type { ExitCodeBox } from "../command-action.js";

/** Adds one command (with its subcommands) to the program. */
export type CommandRegistrar = (program: Command, context: CliContext, exit: ExitCodeBox) => void;
