import {
  type Config,
  ConfigError,
  checkProviders,
  checkStore,
  type HealthCheckResult,
} from "@codeforge/core";
import { checkDockerEngine, checkSandboxImage } from "@codeforge/sandbox";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import type { CliParts } from "../cli-parts.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { renderDoctorReport } from "../doctor/render-doctor-report.js";
import { type DoctorCheck, doctorPassed, runDoctorChecks } from "../doctor/run-doctor-checks.js";
import { EXIT_CODES } from "../exit-codes.js";
import { loadCliConfig, resolveConfigFile } from "../load-cli-config.js";
import type { CommandRegistrar } from "./command-registrar.js";

/** The checks `doctor` runs once the configuration is known to be valid. */
function doctorChecks(
  config: Readonly<Config>,
  context: CliContext,
  parts: Pick<CliParts, "createDocker">,
): DoctorCheck[] {
  const docker = parts.createDocker();
  const engine = checkDockerEngine(docker);
  return [
    {
      name: "Database",
      required: true,
      run: () => checkStore(config.store, { cwd: context.cwd }),
    },
    { name: "Docker engine", required: true, run: () => engine },
    {
      name: "Sandbox image (python)",
      required: true,
      // Without an engine the image cannot be looked at: one failed line is enough.
      run: async () =>
        (await engine).ok ? checkSandboxImage(docker, config.sandbox.pythonImage) : [],
    },
    {
      name: "Sandbox image (node)",
      required: false,
      // Only JavaScript tasks need it, so its absence is a warning, not a failure.
      run: async () => {
        if (!(await engine).ok) return [];
        const result = await checkSandboxImage(docker, config.sandbox.nodeImage, "node");
        return { ...result, required: false };
      },
    },
    { name: "LLM providers", required: true, run: () => checkProviders(config) },
  ];
}

function configurationResult(context: CliContext, command: Command): HealthCheckResult {
  const file = resolveConfigFile(context, command);
  return {
    name: "Configuration",
    ok: true,
    required: true,
    detail: file === undefined ? "valid (defaults and environment)" : `valid (${file})`,
  };
}

/**
 * `codeforge doctor [--json]`: is this machine ready to run tasks? Checks the configuration,
 * the database (reachable and migrated), the Docker engine, the sandbox image and each
 * configured LLM provider, one ✓/✗ line each with what to do about a ✗. Exits 1 when a
 * required check fails, 2 when the configuration itself is invalid.
 */
export const createDoctorCommand =
  (parts: Pick<CliParts, "createDocker">): CommandRegistrar =>
  (program: Command, context: CliContext, exit: ExitCodeBox) => {
    program
      .command("doctor")
      .description("check configuration, database, Docker, the sandbox image and LLM providers")
      .option("--json", "print the results as one JSON array")
      .action(
        commandAction(exit, async (options: { json?: boolean }, command: Command) => {
          let config: Readonly<Config>;
          let results: HealthCheckResult[];
          try {
            config = loadCliConfig(context, command);
            results = [
              configurationResult(context, command),
              ...(await runDoctorChecks(doctorChecks(config, context, parts))),
            ];
          } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            results = [
              {
                name: "Configuration",
                ok: false,
                required: true,
                detail: error.message,
                fix: "correct the settings named above (see docs/configuration.md), then run again",
              },
            ];
            printResults(context, results, options.json === true);
            return EXIT_CODES.usage;
          }
          printResults(context, results, options.json === true);
          return doctorPassed(results) ? EXIT_CODES.success : EXIT_CODES.failure;
        }),
      );
  };

function printResults(context: CliContext, results: HealthCheckResult[], json: boolean): void {
  if (json) {
    writeLine(context.stdout, JSON.stringify(results, null, 2));
    return;
  }
  const color = context.stdout.isTTY === true && context.env.NO_COLOR === undefined;
  for (const line of renderDoctorReport(results, { color })) writeLine(context.stdout, line);
}
