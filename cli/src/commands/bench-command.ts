import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type BenchmarkOutcome,
  type ClosableExecutor,
  createEvalExecutor,
  type DatasetName,
  loadDataset,
  runBenchmark,
  selectProblems,
} from "@codeforge/benchmarks";
import {
  CodeForgeError,
  type Config,
  type ConfigInput,
  openStore,
  type PipelineTask,
  runTask,
  type Store,
  UsageError,
} from "@codeforge/core";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { datasetLocation } from "../dataset-location.js";
import { createDockerClient } from "../docker-client.js";
import { EXIT_CODES } from "../exit-codes.js";
import { createCliLogger, loadCliConfig } from "../load-cli-config.js";
import { type RunWiring, realRunWiring, resolvePinnedModel } from "../run/run-wiring.js";
import { CLI_VERSION } from "../version.js";
import { createBenchProgress } from "./bench-command-progress.js";
import { resolveCodeforgeRevision } from "./bench-command-revision.js";
import type { CommandRegistrar } from "./index.js";

/** The datasets `--type` accepts; `all` runs HumanEval, MBPP and custom in turn. */
export const BENCH_TYPES = ["humaneval", "humaneval-plus", "mbpp", "custom", "all"] as const;

const ALL_TYPES: readonly DatasetName[] = ["humaneval", "mbpp", "custom"];

/** What `codeforge bench` needs from outside; tests pass their own parts. */
export interface BenchCommandDependencies {
  /** Models, the pipeline's executor and the cost tracker (`codeforge run`'s wiring). */
  wiring?: Pick<RunWiring, "models" | "executor" | "costTracker">;
  /** The store runs and results go to. */
  openStore?: (config: Readonly<Config>, context: CliContext) => Promise<Store>;
  /** The executor the hidden tests run on (default: the warm sandbox pool, guard off). */
  createEvaluator?: (config: Readonly<Config>, size: number) => ClosableExecutor;
  fetch?: typeof globalThis.fetch;
  homeDir?: () => string;
}

interface BenchOptions {
  type: string;
  repair: boolean;
  limit?: string;
  ids?: string;
  concurrency?: string;
  provider?: string;
  model?: string;
  maxRetries?: string;
  budgetUsd?: string;
  resume?: string;
  output?: string;
  dataDir?: string;
}

function whole(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, not "${value}"`);
  }
  return parsed;
}

function commandLine(options: BenchOptions): string {
  const flags = Object.entries(options).flatMap(([key, value]) => {
    const flag = `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    if (key === "repair") return value === false ? ["--no-repair"] : [];
    return value === undefined ? [] : [`${flag} ${String(value)}`];
  });
  return ["codeforge bench", ...flags].join(" ");
}

function ratio(value: number | null): string {
  return value === null ? "n/a" : value.toFixed(4);
}

/** The summary of one finished (or stopped) run. */
export function formatBenchSummary(type: string, outcome: BenchmarkOutcome): string[] {
  const run = outcome.run;
  const done = run.results.length;
  const seconds = run.totalTimeMs / 1000;
  const lines = [
    `${type} run ${run.id}: ${done}/${run.total} problems · ${seconds.toFixed(1)} s (${done > 0 ? (seconds / done).toFixed(1) : "0"} s/problem) · $${run.totalCostUsd.toFixed(4)} · avg retries ${run.avgRetries?.toFixed(2) ?? "n/a"}`,
    `pass@1: ${ratio(run.passAt1)} · pass@1 after repair: ${ratio(run.passAt1Repair)}`,
  ];
  if (outcome.stopReason !== null) {
    lines.push(`stopped: ${outcome.stopReason}; finish it with codeforge bench --resume ${run.id}`);
  }
  return lines;
}

/**
 * Builds the `codeforge bench` registrar: runs the agent on benchmark problems, scores the
 * first attempt and the repaired program against the hidden tests, stores the run and its
 * results, and prints pass@1 with and without repair.
 */
export function createBenchCommand(dependencies: BenchCommandDependencies = {}): CommandRegistrar {
  const wiring = dependencies.wiring ?? realRunWiring;
  const open =
    dependencies.openStore ??
    ((config: Readonly<Config>, context: CliContext) =>
      openStore({ ...config.store, cwd: context.cwd }));
  const createEvaluator =
    dependencies.createEvaluator ??
    ((config: Readonly<Config>, size: number) =>
      createEvalExecutor({ docker: createDockerClient(), sandbox: config.sandbox, size }));

  return (program: Command, context: CliContext, exit: ExitCodeBox) => {
    program
      .command("bench")
      .description(
        "run the agent on HumanEval, MBPP or the custom set; pass@1 with and without repair",
      )
      .option("--type <type>", BENCH_TYPES.join(" | "), "humaneval")
      .option("--no-repair", "score the first attempt only (no repairs)")
      .option("--limit <n>", "at most N problems")
      .option("--ids <list>", "only these problem ids, comma-separated")
      .option("--concurrency <k>", "problems in flight at once", "1")
      .option("--provider <name>", "pin a provider")
      .option("--model <name>", "pin a model (provider/model, or with --provider)")
      .option("--max-retries <n>", "repairs per problem (0..10)")
      .option(
        "--budget-usd <x>",
        "stop cleanly once this much is spent (one budget across the datasets of --type all)",
      )
      .option("--resume <run-id>", "finish an interrupted run without redoing finished problems")
      .option("--output <dir>", "also write each run as JSON into this folder")
      .option("--data-dir <dir>", "folder holding the dataset files")
      .action(
        commandAction(exit, async (options: BenchOptions, command: Command) => {
          if (!(BENCH_TYPES as readonly string[]).includes(options.type)) {
            throw new UsageError(
              `--type must be one of ${BENCH_TYPES.join(", ")}, not "${options.type}"`,
            );
          }
          const limit = whole(options.limit, "--limit", 1);
          const concurrency = whole(options.concurrency, "--concurrency", 1) ?? 1;
          const maxRetries = whole(options.maxRetries, "--max-retries", 0);
          const budgetUsd = options.budgetUsd === undefined ? undefined : Number(options.budgetUsd);
          if (budgetUsd !== undefined && !(budgetUsd > 0)) {
            throw new UsageError(
              `--budget-usd must be an amount above 0, not "${options.budgetUsd}"`,
            );
          }
          const ids = options.ids
            ?.split(",")
            .map((id) => id.trim())
            .filter(Boolean);
          const overrides: ConfigInput = {
            repair: {
              backoffBaseSeconds: 0,
              ...(options.repair
                ? maxRetries === undefined
                  ? {}
                  : { maxRetries }
                : { maxRetries: 0 }),
            },
          };
          const config = loadCliConfig(context, command, overrides, {
            "repair.maxRetries": `--max-retries ${options.maxRetries}`,
          });
          // Log lines go through the progress display, so on a terminal they appear above
          // the bar instead of being written into it.
          const progress = createBenchProgress(context.stderr);
          const logger = createCliLogger({ ...context, stderr: progress.messages }, config);
          const pinned = {
            ...(options.provider === undefined ? {} : { provider: options.provider }),
            ...(options.model === undefined ? {} : { model: options.model }),
          };
          const choice = resolvePinnedModel(pinned);
          const models = await wiring.models(config, logger, pinned);
          const pipelineExecutor = wiring.executor(config, logger);
          const costTracker = wiring.costTracker(config, logger);
          const store = await open(config, context);
          const evaluator = createEvaluator(config, Math.max(2, concurrency));
          const controller = new AbortController();
          const onInterrupt = () =>
            controller.abort(
              new CodeForgeError("Interrupted: the run is saved; resume it with --resume"),
            );
          process.once("SIGINT", onInterrupt);

          // The commit of CodeForge itself, not of the project the user runs it in.
          const revision = resolveCodeforgeRevision();
          let code: (typeof EXIT_CODES)[keyof typeof EXIT_CODES] = EXIT_CODES.success;
          try {
            const resumed =
              options.resume === undefined
                ? undefined
                : await store.benchmarks.getRun(options.resume);
            if (options.resume !== undefined && resumed === undefined) {
              throw new UsageError(
                `There is no benchmark run ${options.resume} to resume: check the id.`,
              );
            }
            const types: DatasetName[] =
              resumed !== undefined
                ? [resumed.type as DatasetName]
                : options.type === "all"
                  ? [...ALL_TYPES]
                  : [options.type as DatasetName];
            // One budget for the whole command: each dataset's run gets what the ones
            // before it left, so `--type all --budget-usd X` spends about X, not 3×X.
            let spentUsd = 0;
            for (const [index, type] of types.entries()) {
              const remainingUsd = budgetUsd === undefined ? undefined : budgetUsd - spentUsd;
              if (remainingUsd !== undefined && remainingUsd <= 0) {
                writeLine(
                  context.stdout,
                  `stopped: the budget of $${budgetUsd?.toFixed(4)} is spent; not started: ${types.slice(index).join(", ")}`,
                );
                break;
              }
              const dataset = await loadDataset(
                type,
                datasetLocation(context, config, {
                  dataDir: options.dataDir,
                  homeDir: dependencies.homeDir,
                  fetch: dependencies.fetch,
                }),
              );
              const storedSettings = resumed?.settings as
                | { limit?: number; ids?: string[] }
                | undefined;
              const selection = storedSettings ?? {
                ...(limit === undefined ? {} : { limit }),
                ...(ids === undefined ? {} : { ids }),
              };
              const problems = selectProblems(dataset, selection);
              const finishedBefore = (resumed?.results ?? []).filter((result) =>
                problems.some((problem) => problem.id === result.problemId),
              );
              progress.start(type, {
                done: finishedBefore.length,
                total: problems.length,
                passed: finishedBefore.filter((result) => result.passed).length,
                passedAfterRepair: finishedBefore.filter((result) => result.passedAfterRepair)
                  .length,
                costUsd: resumed?.totalCostUsd ?? 0,
              });
              let outcome: BenchmarkOutcome;
              try {
                outcome = await runBenchmark(
                  {
                    solve: (task: PipelineTask, signal: AbortSignal) =>
                      runTask(
                        {
                          config,
                          executor: pipelineExecutor,
                          ...models,
                          costTracker,
                          store: store.tasks,
                          logger,
                          signal,
                        },
                        task,
                      ),
                    evaluator,
                    store: store.benchmarks,
                    linkTasks: true,
                    signal: controller.signal,
                    onProgress: (finished) => progress.update(type, finished),
                  },
                  {
                    dataset,
                    problems,
                    concurrency,
                    ...(remainingUsd === undefined ? {} : { budgetUsd: remainingUsd }),
                    run:
                      resumed !== undefined
                        ? { resume: resumed.id }
                        : {
                            create: {
                              type,
                              dataset: dataset.source.split("/").at(-1) ?? type,
                              datasetChecksum: dataset.sha256,
                              modelConfig: choice
                                ? { pinned: `${choice.provider}/${choice.model}` }
                                : { ...config.routing.models },
                              settings: {
                                ...selection,
                                concurrency,
                                budgetUsd: remainingUsd ?? null,
                                gitDirty: revision?.dirty ?? null,
                              },
                              temperature: config.llm.temperature,
                              repairEnabled: options.repair,
                              maxRetries: config.repair.maxRetries,
                              codeforgeVersion: CLI_VERSION,
                              gitCommit: revision?.commit ?? null,
                              commandLine: commandLine(options),
                              total: problems.length,
                            },
                          },
                  },
                );
              } finally {
                progress.end();
              }
              // A resumed run's total includes what it spent before this command.
              spentUsd += outcome.run.totalCostUsd;
              for (const line of formatBenchSummary(type, outcome)) writeLine(context.stdout, line);
              if (options.output !== undefined) {
                const folder = resolve(context.cwd, options.output);
                await mkdir(folder, { recursive: true });
                const path = join(folder, `bench-${type}-${outcome.run.id}.json`);
                await writeFile(path, `${JSON.stringify(outcome.run, null, 2)}\n`);
                writeLine(context.stdout, `wrote ${path}`);
              }
              if (outcome.stopReason === "cancelled") {
                code = EXIT_CODES.failure;
                break;
              }
              if (outcome.stopReason !== null) break;
            }
          } finally {
            process.off("SIGINT", onInterrupt);
            await evaluator.close?.();
            await store.close();
          }
          return code;
        }),
      );
  };
}

/** `codeforge bench` with the real providers, sandbox and store. */
export const registerBenchCommand: CommandRegistrar = createBenchCommand();
