import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type ConfigInput,
  detectLanguage,
  LANGUAGES,
  type Language,
  startTelemetry,
  UsageError,
} from "@codeforge/core";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.js";
import type { CliParts } from "../cli-parts.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { createCliLogger, loadCliConfig } from "../load-cli-config.js";
import { integerFlag } from "../parse-integer-flag.js";
import { executeRun } from "../run/execute-run.js";
import { readRepository } from "../run/read-repository.js";
import { checkResultFilesTarget } from "../run/write-result-files.js";
import type { CommandRegistrar } from "./command-registrar.js";

/** The options `codeforge run` accepts. */
export interface RunCommandOptions {
  file?: string;
  provider?: string;
  model?: string;
  maxRetries?: number;
  budgetUsd?: number;
  timeout?: number;
  lang: "auto" | Language;
  out?: string;
  json?: boolean;
  repo?: string;
  dryRun?: boolean;
  patch?: string;
  force?: boolean;
}

function number(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === "" || !Number.isFinite(parsed)) {
      throw new UsageError(`${name} must be a number, not "${value}".`);
    }
    return parsed;
  };
}

async function readTask(context: CliContext, task: string | undefined, file: string | undefined) {
  if (task && file) throw new UsageError("Give the task as an argument or with --file, not both.");
  if (file) {
    const path = resolve(context.cwd, file);
    try {
      return (await readFile(path, "utf8")).trim();
    } catch {
      throw new UsageError(`--file ${file}: cannot read ${path}: check the path.`);
    }
  }
  if (!task?.trim()) {
    throw new UsageError(
      'Say what to build: codeforge run "<task>" or codeforge run --file task.md',
    );
  }
  return task.trim();
}

/** The repository flags make sense only together with --repo, and --out only without it. */
function checkRepositoryFlags(options: RunCommandOptions): void {
  if (options.repo) {
    if (options.out) {
      throw new UsageError("--out writes a program task's files; with --repo use --patch FILE.");
    }
    return;
  }
  const stray = [
    options.dryRun ? "--dry-run" : undefined,
    options.patch ? "--patch" : undefined,
    options.force ? "--force" : undefined,
  ].filter(Boolean);
  if (stray.length > 0) {
    throw new UsageError(`${stray.join(", ")} only apply to a repository task: add --repo DIR.`);
  }
}

/**
 * Builds the `codeforge run` registrar over the given parts: the task runs through the
 * self-repair pipeline with live progress, is recorded in the store, stops cleanly on the
 * context's abort signal (SIGINT or SIGTERM: the task is recorded as cancelled), and exits
 * 0 when it completed, 1 when it failed, 2 on bad usage or configuration.
 */
export function createRunCommand(parts: CliParts): CommandRegistrar {
  return (program: Command, context: CliContext, exit: ExitCodeBox) => {
    program
      .command("run")
      .description("plan, write, test in the sandbox and repair code for a task")
      .argument("[task]", "what to build, in words")
      .option("-f, --file <path>", "read the task from a file (e.g. task.md)")
      .option("--provider <name>", "pin a provider: openai, anthropic or ollama")
      .option("--model <name>", "pin a model: provider/model, or a model of --provider")
      .option(
        "--max-retries <n>",
        "repairs allowed after the first run (0-10)",
        integerFlag("--max-retries", { min: 0 }),
      )
      .option(
        "--budget-usd <amount>",
        "stop when the task has cost this much",
        number("--budget-usd"),
      )
      .option("--timeout <seconds>", "sandbox time limit per run (5-120)", number("--timeout"))
      .addOption(
        new Option("--lang <language>", "language of the program")
          .choices(["auto", ...LANGUAGES])
          .default("auto"),
      )
      .option("-o, --out <dir>", "write the program and its tests into this folder")
      .option("--repo <dir>", "change this repository, verified by its own tests")
      .option("--dry-run", "with --repo: show the diff, write nothing into the repository")
      .option("--patch <file>", "with --repo: also save the unified diff to this file")
      .option("--force", "with --repo: write even over files with uncommitted changes")
      .option("--json", "print only the final result as one JSON object")
      .action(
        commandAction(
          exit,
          async (task: string | undefined, options: RunCommandOptions, command: Command) => {
            const prompt = await readTask(context, task, options.file);
            const repoDir = options.repo ? resolve(context.cwd, options.repo) : undefined;
            checkRepositoryFlags(options);
            const outDir = options.out ? resolve(context.cwd, options.out) : undefined;
            // Before any model call: a folder that cannot be written would waste the run.
            if (outDir !== undefined) await checkResultFilesTarget(outDir);
            const overrides: ConfigInput = {
              ...(options.maxRetries === undefined
                ? {}
                : { repair: { maxRetries: options.maxRetries } }),
              ...(options.budgetUsd === undefined
                ? {}
                : { budgets: { maxCostUsd: options.budgetUsd } }),
              ...(options.timeout === undefined
                ? {}
                : { sandbox: { timeoutSeconds: options.timeout } }),
            };
            const config = loadCliConfig(
              context,
              command,
              overrides,
              {
                "repair.maxRetries": `--max-retries ${options.maxRetries}`,
                "budgets.maxCostUsd": `--budget-usd ${options.budgetUsd}`,
                "sandbox.timeoutSeconds": `--timeout ${options.timeout}`,
              },
              repoDir ? { repositoryRoot: repoDir } : {},
            );
            const logger = createCliLogger(context, config);
            const models = await parts.models(config, logger, {
              ...(options.provider ? { provider: options.provider } : {}),
              ...(options.model ? { model: options.model } : {}),
            });
            // Before any model call: a repository without tests cannot verify a change.
            const repository = repoDir ? await readRepository(repoDir, prompt, config) : undefined;
            const language = repository
              ? repository.testCommand.language
              : options.lang === "auto"
                ? detectLanguage(prompt)
                : options.lang;
            await parts.preflight(config, language);
            const store = await parts.store(config, context);
            const telemetry = startTelemetry(config);
            try {
              const { exitCode } = await executeRun(
                context,
                {
                  config,
                  executor: parts.executor(config, logger),
                  costTracker: parts.costTracker(config, logger),
                  logger,
                  signal: context.signal,
                  telemetry,
                  ...models,
                  ...(store ? { store: store.tasks } : {}),
                  ...(repository
                    ? { repositoryRunner: parts.repositoryRunner(config, logger) }
                    : {}),
                },
                {
                  prompt,
                  language,
                  source: "cli",
                  ...(repository && repoDir ? { repository, repo: repoDir } : {}),
                },
                {
                  json: options.json === true,
                  ...(outDir === undefined ? {} : { outDir }),
                  ...(repoDir
                    ? {
                        repository: {
                          directory: repoDir,
                          dryRun: options.dryRun === true,
                          force: options.force === true,
                          ...(options.patch
                            ? { patchFile: resolve(context.cwd, options.patch) }
                            : {}),
                        },
                      }
                    : {}),
                },
              );
              return exitCode;
            } finally {
              await telemetry.shutdown();
              await store?.close();
            }
          },
        ),
      );
  };
}
