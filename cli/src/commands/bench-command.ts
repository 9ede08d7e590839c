import { stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type BenchmarkOutcome,
  type BenchmarkSuiteEvent,
  type DatasetName,
  loadDataset,
  mergeShardRuns,
  parseShard,
  readShardRunFile,
  resultsFileName,
  runBenchmarkSuite,
  SUITE_DATASETS,
  storeMergedRun,
} from "@codeforge/benchmarks";
import { type ConfigInput, type PipelineTask, runTask, UsageError } from "@codeforge/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { writeLine } from "../cli-context.js";
import type { CliParts } from "../cli-parts.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { datasetLocation } from "../dataset-location.js";
import { EXIT_CODES } from "../exit-codes.js";
import { createCliLogger, loadCliConfig } from "../load-cli-config.js";
import { parseIntegerFlag } from "../parse-integer-flag.js";
import { resolvePinnedModel } from "../run/resolve-pinned-model.js";
import { CLI_VERSION } from "../version.js";
import { createBenchProgress } from "./bench-command-progress.js";
import { type CodeforgeRevision, resolveCodeforgeRevision } from "./bench-command-revision.js";
import type { CommandRegistrar } from "./command-registrar.js";

/** The datasets `--type` accepts; `all` runs HumanEval, MBPP and custom in turn. */
export const BENCH_TYPES = ["humaneval", "humaneval-plus", "mbpp", "custom", "all"] as const;

/** What `codeforge bench` reads besides the parts: CodeForge's own revision (tests pass theirs). */
export interface BenchCommandOptions {
  revision?: () => CodeforgeRevision | null;
}

interface BenchOptions {
  type: string;
  repair: boolean;
  limit?: string;
  ids?: string;
  shard?: string;
  concurrency?: string;
  provider?: string;
  model?: string;
  maxRetries?: string;
  budgetUsd?: string;
  resume?: string;
  output?: string;
  dataDir?: string;
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

/** Refuses, before anything is spent, an output path that exists and is not a folder. */
async function checkOutputFolder(folder: string, flag: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (found !== undefined && !found.isDirectory()) {
    throw new UsageError(`${flag} ${folder} is a file, not a folder: name a folder to write into`);
  }
}

/**
 * Builds the `codeforge bench` registrar: parses the flags, runs `runBenchmarkSuite` on the
 * given parts and renders its events (a progress bar or lines, a summary per dataset);
 * `bench merge` merges the results files of shards into one run.
 */
export function createBenchCommand(
  parts: CliParts,
  options: BenchCommandOptions = {},
): CommandRegistrar {
  const revisionOf = options.revision ?? (() => resolveCodeforgeRevision());

  const bench = async (
    context: CliContext,
    options: BenchOptions,
    command: Command,
  ): Promise<(typeof EXIT_CODES)[keyof typeof EXIT_CODES]> => {
    if (!(BENCH_TYPES as readonly string[]).includes(options.type)) {
      throw new UsageError(
        `--type must be one of ${BENCH_TYPES.join(", ")}, not "${options.type}"`,
      );
    }
    const whole = (value: string | undefined, flag: string, min: number) =>
      value === undefined ? undefined : parseIntegerFlag(flag, value, { min });
    const limit = whole(options.limit, "--limit", 1);
    const concurrency = whole(options.concurrency, "--concurrency", 1) ?? 1;
    const maxRetries = whole(options.maxRetries, "--max-retries", 0);
    const shard = options.shard === undefined ? undefined : parseShard(options.shard);
    const budgetUsd = options.budgetUsd === undefined ? undefined : Number(options.budgetUsd);
    if (budgetUsd !== undefined && !(budgetUsd > 0)) {
      throw new UsageError(`--budget-usd must be an amount above 0, not "${options.budgetUsd}"`);
    }
    const ids = options.ids
      ?.split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    const outputDir =
      options.output === undefined ? undefined : resolve(context.cwd, options.output);
    if (outputDir !== undefined) await checkOutputFolder(outputDir, "--output");
    const overrides: ConfigInput = {
      repair: {
        backoffBaseSeconds: 0,
        ...(options.repair ? (maxRetries === undefined ? {} : { maxRetries }) : { maxRetries: 0 }),
      },
    };
    const config = loadCliConfig(context, command, overrides, {
      "repair.maxRetries": `--max-retries ${options.maxRetries}`,
    });
    // Log lines go through the progress display, so on a terminal they appear above the
    // bar instead of being written into it.
    const progress = createBenchProgress(context.stderr);
    const logger = createCliLogger({ ...context, stderr: progress.messages }, config);
    const pinned = {
      ...(options.provider === undefined ? {} : { provider: options.provider }),
      ...(options.model === undefined ? {} : { model: options.model }),
    };
    const choice = resolvePinnedModel(pinned);
    const models = await parts.models(config, logger, pinned);
    const pipelineExecutor = parts.executor(config, logger);
    const costTracker = parts.costTracker(config, logger);
    const store = await parts.openStore(config, context);
    const evaluator = parts.createEvaluator(config, logger, Math.max(2, concurrency));
    // The commit of CodeForge itself, not of the project the user runs it in.
    const revision = revisionOf();

    const render = (event: BenchmarkSuiteEvent) => {
      switch (event.type) {
        case "dataset.started":
          progress.start(event.dataset, event.tally);
          break;
        case "problem.finished":
          progress.update(event.dataset, event.progress);
          break;
        case "dataset.finished":
          progress.end();
          for (const line of formatBenchSummary(event.dataset, event.outcome)) {
            writeLine(context.stdout, line);
          }
          break;
        case "results.written":
          writeLine(context.stdout, `wrote ${event.path}`);
          break;
        case "budget.spent":
          writeLine(
            context.stdout,
            `stopped: the budget of $${event.budgetUsd.toFixed(4)} is spent; not started: ${event.notStarted.join(", ")}`,
          );
          break;
      }
    };

    try {
      const suite = await runBenchmarkSuite(
        {
          datasets: options.type === "all" ? SUITE_DATASETS : [options.type as DatasetName],
          selection: {
            ...(limit === undefined ? {} : { limit }),
            ...(ids === undefined ? {} : { ids }),
          },
          ...(shard === undefined ? {} : { shard }),
          concurrency,
          ...(budgetUsd === undefined ? {} : { budgetUsd }),
          ...(options.resume === undefined ? {} : { resume: options.resume }),
          ...(outputDir === undefined ? {} : { outputDir }),
          metadata: {
            modelConfig: choice
              ? { pinned: `${choice.provider}/${choice.model}` }
              : { ...config.routing.models },
            temperature: config.llm.temperature,
            repairEnabled: options.repair,
            maxRetries: config.repair.maxRetries,
            codeforgeVersion: CLI_VERSION,
            gitCommit: revision?.commit ?? null,
            gitDirty: revision?.dirty ?? null,
            commandLine: commandLine(options),
          },
        },
        {
          loadDataset: (name) =>
            loadDataset(
              name,
              datasetLocation(context, config, {
                dataDir: options.dataDir,
                homeDir: parts.homeDir,
                fetch: parts.fetch,
              }),
            ),
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
          signal: context.signal,
          onEvent: render,
        },
      );
      return suite.stopReason === "cancelled" ? EXIT_CODES.failure : EXIT_CODES.success;
    } finally {
      progress.end();
      await evaluator.close?.();
      await store.close();
    }
  };

  const merge = async (
    context: CliContext,
    files: readonly string[],
    options: { out?: string; store?: boolean },
    command: Command,
  ) => {
    const shards = await Promise.all(
      files.map((file) => readShardRunFile(resolve(context.cwd, file))),
    );
    const merged = mergeShardRuns(shards, {
      commandLine: ["codeforge bench merge", ...files].join(" "),
    });
    let detail = merged.detail;
    if (options.store === true) {
      const config = loadCliConfig(context, command);
      const store = await parts.openStore(config, context);
      try {
        detail = await storeMergedRun(store.benchmarks, merged);
      } finally {
        await store.close();
      }
    }
    writeLine(context.stdout, `merged ${shards.length} shard(s) into one ${detail.type} run`);
    for (const line of formatBenchSummary(detail.type, {
      run: detail,
      stopReason: null,
      resumedFrom: 0,
    })) {
      writeLine(context.stdout, line);
    }
    if (options.store === true) writeLine(context.stdout, `stored run ${detail.id}`);
    if (options.out !== undefined) {
      const target = resolve(context.cwd, options.out);
      const folder = await stat(target).then(
        (found) => found.isDirectory(),
        () => false,
      );
      const path = folder ? join(target, resultsFileName(detail.type, detail.id)) : target;
      await writeFile(path, `${JSON.stringify(detail, null, 2)}\n`);
      writeLine(context.stdout, `wrote ${path}`);
    }
    return EXIT_CODES.success;
  };

  return (program: Command, context: CliContext, exit: ExitCodeBox) => {
    const command = program
      .command("bench")
      .description(
        "run the agent on HumanEval, MBPP or the custom set; pass@1 with and without repair",
      )
      .option("--type <type>", BENCH_TYPES.join(" | "), "humaneval")
      .option("--no-repair", "score the first attempt only (no repairs)")
      .option("--limit <n>", "at most N problems")
      .option("--ids <list>", "only these problem ids, comma-separated")
      .option(
        "--shard <i/n>",
        "only shard i of n of the selected problems (after --ids and --limit); merge with bench merge",
      )
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
        commandAction(exit, (options: BenchOptions, self: Command) =>
          bench(context, options, self),
        ),
      );
    command
      .command("merge")
      .description("merge the results files of bench --shard runs into one run")
      .argument("<files...>", "the results files (bench --shard i/n --output DIR), one per shard")
      .option("--out <file>", "write the merged run as JSON to this file (or into this folder)")
      .option("--store", "also record the merged run in the store")
      .action(
        commandAction(
          exit,
          (files: string[], options: { out?: string; store?: boolean }, self: Command) =>
            merge(context, files, options, self),
        ),
      );
  };
}
