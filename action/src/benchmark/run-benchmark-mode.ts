import { isAbsolute, resolve } from "node:path";
import {
  type BenchmarkSuiteEvent,
  type BenchmarkSuiteRun,
  type DatasetName,
  datasetCacheDir,
  loadDataset,
  runBenchmarkSuite,
  SUITE_DATASETS,
} from "@codeforge/benchmarks";
import { type Config, type Logger, type PipelineTask, runTask } from "@codeforge/core";
import type { ActionContext } from "../action-io.js";
import type { ActionParts, ModelChoice } from "../action-parts.js";
import { ACTION_VERSION } from "../action-version.js";
import { ensureSandboxImage } from "../ensure-sandbox-image.js";
import type { ActionInputs } from "../inputs/action-inputs.js";
import type { ModeOutcome } from "../mode-outcome.js";
import { benchmarkSummary } from "./benchmark-summary.js";

/** What benchmark mode works with. */
export interface BenchmarkModeOptions {
  context: ActionContext;
  parts: ActionParts;
  config: Readonly<Config>;
  logger: Logger;
  inputs: ActionInputs;
  pinned: ModelChoice | undefined;
  /** The folder relative paths are resolved against (`GITHUB_WORKSPACE`). */
  workspace: string;
}

function commandLine(inputs: ActionInputs): string {
  const given = (
    [
      "benchmark",
      "limit",
      "shard",
      "no-repair",
      "max-retries",
      "budget-usd",
      "concurrency",
    ] as const
  ).flatMap((name) => {
    const value = inputs[name];
    if (value === undefined) return [];
    if (typeof value === "object") return [`${name}=${value.index}/${value.count}`];
    return [`${name}=${String(value)}`];
  });
  return ["codeforge/action mode=benchmark", ...given].join(" ");
}

/** Pass rate over every finished problem of every run, or null when none finished. */
function pooled(runs: readonly BenchmarkSuiteRun[], key: "passed" | "passedAfterRepair") {
  const results = runs.flatMap((run) => run.outcome.run.results);
  if (results.length === 0) return null;
  return results.filter((result) => result[key]).length / results.length;
}

/**
 * Benchmark mode: runs the benchmark suite on the runner (datasets from
 * `CODEFORGE_DATA_DIR` or downloaded, hidden tests in the warm sandbox pool), writes each
 * run's results file into `results-dir` (what `codeforge bench merge` takes from a matrix of
 * shards), records the runs in the store, and reports pass rates, cost and tokens as outputs
 * and a table per benchmark in the job summary.
 */
export async function runBenchmarkMode(options: BenchmarkModeOptions): Promise<ModeOutcome> {
  const { context, parts, config, logger, inputs, pinned, workspace } = options;
  const { io } = context;
  const concurrency = inputs.concurrency ?? 1;
  const resultsDir = isAbsolute(inputs["results-dir"])
    ? inputs["results-dir"]
    : resolve(workspace, inputs["results-dir"]);
  // Every benchmark is Python: its hidden tests run in the Python image's warm pool.
  const image = await ensureSandboxImage(
    parts.createDocker(),
    config,
    "python",
    parts.assets.dockerfilesDir,
    io,
  );
  const models = await parts.models(config, logger, pinned);
  const executor = parts.executor(config, logger);
  const costTracker = parts.costTracker(config, logger);
  const store = await parts.openStore(config, workspace);
  const evaluator = parts.createEvaluator(config, logger, Math.max(2, concurrency));
  const configured = config.benchmarks.dataDir;
  const location = {
    ...(configured === undefined ? {} : { envDataDir: resolve(workspace, configured) }),
    cacheDir: datasetCacheDir(context.env, context.env.RUNNER_TEMP ?? workspace),
    fetch: parts.fetch,
    customDir: parts.assets.customDir,
  };

  const render = (event: BenchmarkSuiteEvent) => {
    switch (event.type) {
      case "dataset.started":
        io.startGroup(`${event.dataset}: ${event.tally.total} problems`);
        break;
      case "problem.finished": {
        const { progress } = event;
        io.info(
          `${event.dataset} ${progress.done}/${progress.total} · passed ${progress.passed} · after repair ${progress.passedAfterRepair} · $${progress.costUsd.toFixed(4)}`,
        );
        break;
      }
      case "dataset.finished":
        io.endGroup();
        break;
      case "results.written":
        io.info(`wrote ${event.path}`);
        break;
      case "budget.spent":
        io.warning(
          `the budget of $${event.budgetUsd.toFixed(4)} is spent; not started: ${event.notStarted.join(", ")}`,
        );
        break;
    }
  };

  try {
    const suite = await runBenchmarkSuite(
      {
        datasets: inputs.benchmark === "all" ? SUITE_DATASETS : [inputs.benchmark as DatasetName],
        selection: inputs.limit === undefined ? {} : { limit: inputs.limit },
        ...(inputs.shard === undefined ? {} : { shard: inputs.shard }),
        concurrency,
        ...(inputs["budget-usd"] === undefined ? {} : { budgetUsd: inputs["budget-usd"] }),
        outputDir: resultsDir,
        metadata: {
          modelConfig: pinned
            ? { pinned: `${pinned.provider}/${pinned.model}` }
            : { ...config.routing.models },
          temperature: config.llm.temperature,
          repairEnabled: !inputs["no-repair"],
          maxRetries: config.repair.maxRetries,
          codeforgeVersion: ACTION_VERSION,
          gitCommit: context.env.GITHUB_SHA ?? null,
          gitDirty: null,
          commandLine: commandLine(inputs),
        },
      },
      {
        loadDataset: (name) => loadDataset(name, location),
        solve: (task: PipelineTask, signal: AbortSignal) =>
          runTask(
            { config, executor, ...models, costTracker, store: store.tasks, logger, signal },
            { ...task, source: "action" },
          ),
        evaluator,
        store: store.benchmarks,
        linkTasks: true,
        signal: context.signal,
        onEvent: render,
      },
    );
    const runs = suite.runs;
    const files = runs.flatMap((run) => (run.resultsFile === null ? [] : [run.resultsFile]));
    const tokens = runs
      .flatMap((run) => run.outcome.run.results)
      .reduce((sum, result) => sum + result.tokens, 0);
    const costUsd = runs.reduce((sum, run) => sum + run.outcome.run.totalCostUsd, 0);
    const stopReason =
      suite.stopReason === null
        ? null
        : `${suite.stopReason}${suite.notStarted.length > 0 ? `; not started: ${suite.notStarted.join(", ")}` : ""}`;
    return {
      outputs: {
        status: suite.stopReason === "cancelled" ? "failed" : "completed",
        passAt1: pooled(runs, "passed"),
        passAt1Repair: pooled(runs, "passedAfterRepair"),
        costUsd,
        tokens,
        ...(files.length === 0 ? {} : { resultsFile: files.join("\n") }),
      },
      summary: `${benchmarkSummary(runs, stopReason)}\n${
        image.built
          ? `Sandbox image ${image.image} built on the runner in ${(image.durationMs / 1000).toFixed(1)} s.`
          : `Sandbox image ${image.image} was already there.`
      }\n`,
      exitCode: suite.stopReason === "cancelled" ? 1 : 0,
    };
  } finally {
    await evaluator.close?.();
    await store.close();
  }
}
