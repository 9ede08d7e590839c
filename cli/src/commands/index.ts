import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import type { ExitCodeBox } from "../command-action.js";
import { registerBenchCommand } from "./bench-command.js";
import { registerConfigCommand } from "./config-command.js";
import { registerDoctorCommand } from "./doctor-command.js";
import { registerEvalCommand } from "./eval-command.js";
import { registerMigrateCommand } from "./migrate-command.js";
import { registerRunCommand } from "./run-command.js";
import { registerSandboxCommand } from "./sandbox-command.js";
import { registerTasksCommand } from "./tasks-command.js";

/** Adds one command (with its subcommands) to the program. */
export type CommandRegistrar = (program: Command, context: CliContext, exit: ExitCodeBox) => void;

/**
 * Every top-level command, in the order `--help` lists them. A new command is a module in
 * this folder exporting a registrar, added here.
 */
export const COMMANDS: readonly CommandRegistrar[] = [
  registerRunCommand,
  registerEvalCommand,
  registerBenchCommand,
  registerDoctorCommand,
  registerConfigCommand,
  registerSandboxCommand,
  registerTasksCommand,
  registerMigrateCommand,
];
