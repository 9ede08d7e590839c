import { readFile, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import {
  CodeForgeError,
  ConfigError,
  type ConfigInput,
  type ExecutionResult,
  LANGUAGES,
  type Language,
  SandboxError,
  type SandboxErrorCode,
  UsageError,
} from "@codeforge/core";
import {
  createDockerExecutor,
  DOCKER_UNREACHABLE_FIX,
  IMAGE_BUILD_FIX,
  pruneAllContainers,
  pruneLeftoverContainers,
} from "@codeforge/sandbox";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import type { CliParts } from "../cli-parts.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { createCliLogger, loadCliConfig } from "../load-cli-config.js";
import type { CommandRegistrar } from "./command-registrar.js";
import { addSandboxImageCommand } from "./sandbox-image-command.js";

/** Languages by file extension, for `sandbox run FILE` without `--lang`. */
const EXTENSIONS: Readonly<Record<string, Language>> = {
  ".py": "python",
  ".js": "node",
  ".mjs": "node",
  ".cjs": "node",
};

interface RunOptions {
  lang?: string;
  timeout?: string;
  memory?: string;
  guard: boolean;
  json?: boolean;
}

/**
 * The one JSON object `sandbox run --json` prints: the execution result's fields, with
 * `blocked` and `blockReason` always present (null where a field does not apply).
 */
export function sandboxRunJson(result: ExecutionResult): Record<string, unknown> {
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.timedOut,
    oomKilled: result.oomKilled,
    durationMs: result.durationMs,
    truncated: result.truncated,
    containerId: result.containerId ?? null,
    peakMemoryBytes: result.peakMemoryBytes ?? null,
    blocked: result.blocked ?? false,
    blockReason: result.blockReason ?? null,
  };
}

/** The fix `sandbox run --json` reports for each sandbox error code. */
const SANDBOX_ERROR_FIXES: Readonly<Record<SandboxErrorCode, string>> = {
  daemon_unreachable: DOCKER_UNREACHABLE_FIX,
  image_missing: IMAGE_BUILD_FIX,
  image_build_failed:
    "read the build output above, fix the cause, and run `codeforge sandbox image build` again",
  container_failed: "check `docker info`, and run `codeforge sandbox prune` if containers pile up",
  pool_closed: "create a new sandbox pool",
  invalid_request: "pass limits within the configured ranges (see `codeforge sandbox run --help`)",
  setup_failed:
    "fix repository.setup, or give the Docker engine access to the package registry (the message says which)",
};

/** The one JSON object `sandbox run --json` prints when the run could not happen. */
export interface SandboxErrorJson {
  error: { code: string; message: string; fix: string };
}

/**
 * Describes why `sandbox run` failed as `{ error: { code, message, fix } }`: a
 * `SandboxError`'s own code, `usage_error` or `config_error` for bad usage (exit 2), and
 * `error` for anything else.
 */
export function sandboxErrorJson(error: unknown): SandboxErrorJson {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SandboxError) {
    return { error: { code: error.code, message, fix: SANDBOX_ERROR_FIXES[error.code] } };
  }
  if (error instanceof UsageError) {
    return {
      error: {
        code: "usage_error",
        message,
        fix: "correct the command line (see `codeforge sandbox run --help`)",
      },
    };
  }
  if (error instanceof ConfigError) {
    return {
      error: {
        code: "config_error",
        message,
        fix: `correct ${error.field ?? "the setting"} in the configuration or on the command line`,
      },
    };
  }
  return { error: { code: "error", message, fix: "run again with --verbose for details" } };
}

/** The one-line summary `sandbox run` writes to stderr after the program's own output. */
export function describeSandboxRun(result: ExecutionResult, outputLimitBytes: number): string {
  if (result.blocked) {
    return `${result.blockReason ?? "Blocked by the static guard"} (not run; --no-guard runs it anyway)`;
  }
  const parts: string[] = [];
  if (result.timedOut) parts.push("timed out and was killed");
  else if (result.oomKilled) parts.push("killed: out of memory");
  else if (result.exitCode !== null) parts.push(`exit code ${result.exitCode}`);
  parts.push(`${result.durationMs} ms`);
  if (result.truncated) parts.push(`output truncated at ${outputLimitBytes} bytes per stream`);
  return `[sandbox] ${parts.join(" · ")}`;
}

function number(value: string | undefined, flag: string, unit: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) {
    throw new UsageError(`${flag} must be a number of ${unit}, not "${value}"`);
  }
  return parsed;
}

function languageOf(file: string, lang: string | undefined): Language {
  if (lang !== undefined) {
    if ((LANGUAGES as readonly string[]).includes(lang)) return lang as Language;
    throw new UsageError(`--lang must be one of ${LANGUAGES.join(", ")}, not "${lang}"`);
  }
  const language = EXTENSIONS[extname(file).toLowerCase()];
  if (language) return language;
  throw new UsageError(
    `Cannot tell the language of ${file} from its extension: pass --lang ${LANGUAGES.join("|")}`,
  );
}

async function readProgram(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${path} is not a file: name the program to run`);
  return readFile(path, "utf8");
}

/**
 * Builds the `codeforge sandbox` registrar: `run FILE` runs one program in a fresh
 * sandbox container (exit 0 when the program ran, whatever it did; 1 when it did not run:
 * the static guard refused it, or the sandbox itself failed; 2 on bad usage), `prune`
 * removes leftover sandbox containers (`--all`: every one), and `image build|status` comes
 * from the image commands.
 */
export function createSandboxCommand(
  parts: Pick<CliParts, "createDocker" | "pruneScope">,
): CommandRegistrar {
  const createDocker = () => parts.createDocker();
  return (program: Command, context: CliContext, exit: ExitCodeBox) => {
    const runFile = async (
      file: string,
      options: RunOptions,
      command: Command,
    ): Promise<ExitCode> => {
      const language = languageOf(file, options.lang);
      const timeoutSeconds = number(options.timeout, "--timeout", "seconds");
      const memoryMb = number(options.memory, "--memory", "megabytes");
      const overrides: ConfigInput = {
        sandbox: {
          ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
          ...(memoryMb === undefined ? {} : { memoryMb }),
          ...(options.guard ? {} : { guard: "off" as const }),
        },
      };
      const config = loadCliConfig(context, command, overrides, {
        "sandbox.timeoutSeconds": `--timeout ${options.timeout}`,
        "sandbox.memoryMb": `--memory ${options.memory}`,
      });
      const code = await readProgram(resolve(context.cwd, file));
      const executor = createDockerExecutor({
        docker: createDocker(),
        config: config.sandbox,
        logger: createCliLogger(context, config),
      });

      // Ctrl-C or SIGTERM stops the container instead of leaving it to run out its timeout.
      let result: ExecutionResult;
      try {
        result = await executor.run({
          language,
          code,
          signal: context.signal,
          ...(options.json
            ? {}
            : {
                onOutput: (stream, chunk) =>
                  (stream === "stdout" ? context.stdout : context.stderr).write(chunk),
              }),
        });
      } catch (error) {
        if (!context.signal.aborted) throw error;
        const reason = context.signal.reason;
        throw new CodeForgeError(
          `Interrupted (${reason instanceof Error ? reason.message : String(reason)}): the sandbox container was stopped and removed`,
          { cause: error },
        );
      }

      if (options.json) {
        writeLine(context.stdout, JSON.stringify(sandboxRunJson(result)));
      } else {
        if (result.stdout !== "" && !result.stdout.endsWith("\n")) writeLine(context.stdout);
        writeLine(context.stderr, describeSandboxRun(result, config.sandbox.outputLimitBytes));
      }
      // A refused program did not run: that is no success, whatever a script reads next.
      return result.blocked ? EXIT_CODES.failure : EXIT_CODES.success;
    };

    const sandbox = program
      .command("sandbox")
      .description(
        "run a program in the Docker sandbox, clean up its containers, build its images",
      );

    sandbox
      .command("run")
      .description("run FILE in a fresh locked-down container and report what it did")
      .argument("<file>", "the program: .py runs with python3, .js/.mjs/.cjs with node")
      .option("--lang <language>", `${LANGUAGES.join(" | ")} (default: from the extension)`)
      .option("--timeout <seconds>", "wall-clock limit (5..120, default sandbox.timeoutSeconds)")
      .option("--memory <mb>", "memory limit in MB (128..2048, default sandbox.memoryMb)")
      .option("--no-guard", "run even code the static guard flags")
      .option("--json", "print one JSON object with the result instead of the program's output")
      .action(
        commandAction(exit, async (file: string, options: RunOptions, command: Command) => {
          try {
            return await runFile(file, options, command);
          } catch (error) {
            if (!options.json) throw error;
            // A script reading stdout gets the failure as the one object it expects.
            const failure = sandboxErrorJson(error);
            writeLine(context.stdout, JSON.stringify(failure));
            writeLine(context.stderr, `codeforge: ${failure.error.message}`);
            return error instanceof UsageError || error instanceof ConfigError
              ? EXIT_CODES.usage
              : EXIT_CODES.failure;
          }
        }),
      );

    sandbox
      .command("prune")
      .description(
        "remove leftover CodeForge sandbox containers: past their deadline, or owned by a process of this machine that has died",
      )
      .option("--all", "remove every CodeForge sandbox container, including runs in progress")
      .action(
        commandAction(exit, async (options: { all?: boolean }) => {
          const docker = createDocker();
          const labels = parts.pruneScope?.labels ?? [];
          const result = options.all
            ? await pruneAllContainers(docker, { labels })
            : await pruneLeftoverContainers(docker, {
                now: Date.now(),
                labels,
                ...(parts.pruneScope?.hostname === undefined
                  ? {}
                  : { hostname: parts.pruneScope.hostname }),
              });
          const count = result.removed.length;
          writeLine(
            context.stdout,
            `Removed ${count} ${options.all ? "" : "leftover "}sandbox container${count === 1 ? "" : "s"}.`,
          );
          for (const failure of result.failed) {
            writeLine(
              context.stderr,
              `Could not remove ${failure.id.slice(0, 12)}: ${failure.reason}`,
            );
          }
          return result.failed.length === 0 ? EXIT_CODES.success : EXIT_CODES.failure;
        }),
      );

    addSandboxImageCommand(sandbox, context, exit, parts);
  };
}
