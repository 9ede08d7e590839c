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
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { createCliLogger, loadCliConfig } from "../load-cli-config.js";
import { executeRun } from "../run/execute-run.js";
import { listenForInterrupt, type RunWiring, realRunWiring } from "../run/run-wiring.js";
import type { CommandRegistrar } from "./index.js";

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
}

function number(name: string, integer: boolean) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
      throw new UsageError(`${name} must be a ${integer ? "whole " : ""}number, not "${value}".`);
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

/**
 * Builds the `codeforge run` registrar over a wiring (the real one by default): the task
 * runs through the self-repair pipeline with live progress, is recorded in the store, and
 * exits 0 when it completed, 1 when it failed, 2 on bad usage or configuration.
 */
export function createRunCommand(wiring: RunWiring = realRunWiring): CommandRegistrar {
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
        number("--max-retries", true),
      )
      .option(
        "--budget-usd <amount>",
        "stop when the task has cost this much",
        number("--budget-usd", false),
      )
      .option(
        "--timeout <seconds>",
        "sandbox time limit per run (5-120)",
        number("--timeout", false),
      )
      .addOption(
        new Option("--lang <language>", "language of the program")
          .choices(["auto", ...LANGUAGES])
          .default("auto"),
      )
      .option("-o, --out <dir>", "write the program and its tests into this folder")
      .option("--json", "print only the final result as one JSON object")
      .action(
        commandAction(
          exit,
          async (task: string | undefined, options: RunCommandOptions, command: Command) => {
            const prompt = await readTask(context, task, options.file);
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
            const config = loadCliConfig(context, command, overrides, {
              "repair.maxRetries": `--max-retries ${options.maxRetries}`,
              "budgets.maxCostUsd": `--budget-usd ${options.budgetUsd}`,
              "sandbox.timeoutSeconds": `--timeout ${options.timeout}`,
            });
            const logger = createCliLogger(context, config);
            const models = await wiring.models(config, logger, {
              ...(options.provider ? { provider: options.provider } : {}),
              ...(options.model ? { model: options.model } : {}),
            });
            const language = options.lang === "auto" ? detectLanguage(prompt) : options.lang;
            await wiring.preflight(config, language);
            const store = await wiring.store(config, context);
            const telemetry = startTelemetry(config);
            const controller = new AbortController();
            const stopListening = (wiring.onInterrupt ?? listenForInterrupt)(() =>
              controller.abort(new Error("cancelled with Ctrl-C")),
            );
            try {
              const { exitCode } = await executeRun(
                context,
                {
                  config,
                  executor: wiring.executor(config, logger),
                  costTracker: wiring.costTracker(config, logger),
                  logger,
                  signal: controller.signal,
                  telemetry,
                  ...models,
                  ...(store ? { store: store.tasks } : {}),
                },
                { prompt, language, source: "cli" },
                {
                  json: options.json === true,
                  ...(options.out ? { outDir: resolve(context.cwd, options.out) } : {}),
                },
              );
              return exitCode;
            } finally {
              stopListening();
              await telemetry.shutdown();
              await store?.close();
            }
          },
        ),
      );
  };
}

/** `codeforge run "<task>"`, wired to the real providers, sandbox and store. */
export const registerRunCommand: CommandRegistrar = createRunCommand();
