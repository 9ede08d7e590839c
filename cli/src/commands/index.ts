import type { CliParts } from "../cli-parts.js";
import { createBenchCommand } from "./bench-command.js";
import type { CommandRegistrar } from "./command-registrar.js";
import { registerConfigCommand } from "./config-command.js";
import { createDoctorCommand } from "./doctor-command.js";
import { createEvalCommand } from "./eval-command.js";
import { registerExportCommand } from "./export-command.js";
import { registerMigrateCommand } from "./migrate-command.js";
import { createRunCommand } from "./run-command.js";
import { createSandboxCommand } from "./sandbox-command.js";
import { registerTasksCommand } from "./tasks-command.js";

export type { CommandRegistrar } from "./command-registrar.js";

/**
 * Every top-level command over the given parts, in the order `--help` lists them. A new
 * command is a module in this folder exporting a registrar (or a function of the parts
 * returning one), added here.
 */
export function createCommands(parts: CliParts): readonly CommandRegistrar[] {
  return [
    createRunCommand(parts),
    createEvalCommand(parts),
    createBenchCommand(parts),
    createDoctorCommand(parts),
    registerConfigCommand,
    createSandboxCommand(parts),
    registerTasksCommand,
    registerExportCommand,
    registerMigrateCommand,
  ];
}
