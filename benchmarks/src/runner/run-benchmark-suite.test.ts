import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConfigSchema,
  CostTracker,
  createPricing,
  type PipelineTask,
  runTask,
} from "@codeforge/core";
import {
  createScriptedModel,
  createTestStore,
  requireService,
  type ScriptedReply,
  type TestStore,
} from "@codeforge/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCustomTasks } from "../datasets/load-custom-tasks.js";
import { createHostPythonExecutor } from "../eval/host-python-executor.js";
import { BENCH_SCRIPT_PROBLEM_IDS, BENCH_SCRIPT as SCRIPT } from "../testing/bench-script.js";
import type { BenchmarkShard } from "./benchmark-shard.js";
import type { BenchmarkSuiteEvent } from "./benchmark-suite-event.js";
import { mergeShardRuns, readShardRunFile, storeMergedRun } from "./merge-shard-runs.js";
import { type BenchmarkSuiteOptions, runBenchmarkSuite } from "./run-benchmark-suite.js";

const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

const METADATA: BenchmarkSuiteOptions["metadata"] = {
  modelConfig: { pinned: "openai/gpt-4o-mini" },
  temperature: 0.2,
  repairEnabled: true,
  maxRetries: 3,
  codeforgeVersion: "0.1.0",
  gitCommit: null,
  gitDirty: null,
  commandLine: "codeforge bench --type custom",
};

/**
 * What two runs of the same problems must agree on: not ids, times or timestamps, and
 * tokens and cost only to within a few tokens, since the error output the reviewer reads
 * names the host executor's random temporary folder.
 */
function measured(run: {
  total: number;
  passed: number;
  passedAfterRepair: number;
  passAt1: number | null;
  passAt1Repair: number | null;
  avgRetries: number | null;
  totalCostUsd: number;
  results: ReadonlyArray<Record<string, unknown>>;
}) {
  return {
    total: run.total,
    passed: run.passed,
    passedAfterRepair: run.passedAfterRepair,
    passAt1: run.passAt1,
    passAt1Repair: run.passAt1Repair,
    avgRetries: run.avgRetries,
    totalCostUsd: expect.closeTo(run.totalCostUsd, 5),
    results: run.results.map(
      ({ problemId, passed, passedAfterRepair, retries, firstCode, finalCode, error, tokens }) => ({
        problemId,
        passed,
        passedAfterRepair,
        retries,
        firstCode,
        finalCode,
        error,
        tokens: expect.toSatisfy((value: number) => Math.abs(value - Number(tokens)) <= 8),
      }),
    ),
  };
}

describe.skipIf(!python.available)(`runBenchmarkSuite ${python.reason}`, () => {
  let store: TestStore;
  let outputDir: string;
  const executor = createHostPythonExecutor();
  const config = ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } });

  beforeEach(async () => {
    store = await createTestStore();
    outputDir = await mkdtemp(join(tmpdir(), "codeforge-suite-"));
  });
  afterEach(async () => {
    await store.close();
  });

  async function suite(
    replies: readonly ScriptedReply[],
    options: { shard?: BenchmarkShard; budgetUsd?: number } = {},
  ) {
    const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
    const costTracker = new CostTracker({
      pricing: createPricing(config.pricing),
      baselineModel: config.routing.baselineModel,
    });
    const events: BenchmarkSuiteEvent[] = [];
    const outcome = await runBenchmarkSuite(
      {
        datasets: ["custom"],
        selection: { ids: BENCH_SCRIPT_PROBLEM_IDS },
        metadata: METADATA,
        outputDir,
        ...options,
      },
      {
        loadDataset: async () => loadCustomTasks(),
        solve: (task: PipelineTask, signal: AbortSignal) =>
          runTask(
            {
              config,
              executor,
              model,
              costTracker,
              signal,
              classify: () => ({ complexity: "simple", score: 0.1 }),
            },
            task,
          ),
        evaluator: executor,
        store: store.benchmarks,
        onEvent: (event) => events.push(event),
      },
    );
    return { outcome, events, model };
  }

  it("reports each step as an event and writes the run as JSON", async () => {
    const { outcome, events } = await suite(SCRIPT);
    expect(outcome.stopReason).toBeNull();
    expect(events.map((event) => event.type)).toEqual([
      "dataset.started",
      "problem.finished",
      "problem.finished",
      "dataset.finished",
      "results.written",
    ]);
    const [run] = outcome.runs;
    expect(run?.resultsFile).toBe(join(outputDir, `bench-custom-${run?.outcome.run.id}.json`));
    const written = JSON.parse(await readFile(run?.resultsFile ?? "", "utf8"));
    expect(written).toMatchObject({ passAt1: 0.5, passAt1Repair: 1, total: 2 });
  }, 120_000);

  it("two shards merged equal one unsharded run on the same scripted model", async () => {
    const whole = await suite(SCRIPT);
    const first = await suite(SCRIPT.slice(0, 2), { shard: { index: 1, count: 2 } });
    const second = await suite(SCRIPT.slice(2), { shard: { index: 2, count: 2 } });
    // Round robin over the selection in dataset order: one problem each.
    expect(first.model.requests[0]?.prompt).toContain("merge_intervals");
    expect(second.model.requests[0]?.prompt).toContain("edit_distance");

    const files = await Promise.all(
      [second, first].map((shard) => readShardRunFile(shard.outcome.runs[0]?.resultsFile ?? "")),
    );
    const merged = mergeShardRuns(files, { commandLine: "codeforge bench merge …" });
    const unsharded = whole.outcome.runs[0]?.outcome.run;
    if (unsharded === undefined) throw new Error("no unsharded run");
    expect(merged.detail).toMatchObject(measured(unsharded));
    expect(merged.detail).toMatchObject({
      status: "completed",
      type: "custom",
      datasetChecksum: unsharded.datasetChecksum,
      settings: { ids: [...BENCH_SCRIPT_PROBLEM_IDS], shards: 2 },
    });

    const stored = await storeMergedRun(store.benchmarks, merged);
    expect(stored).toMatchObject(measured(unsharded));
    expect(stored.id).toBe(merged.detail.id);
  }, 120_000);

  it("refuses to merge what is not the complete, non-overlapping shards of one benchmark", async () => {
    const whole = await suite(SCRIPT);
    const first = await suite(SCRIPT.slice(0, 2), { shard: { index: 1, count: 2 } });
    const firstFile = await readShardRunFile(first.outcome.runs[0]?.resultsFile ?? "");
    const wholeFile = await readShardRunFile(whole.outcome.runs[0]?.resultsFile ?? "");

    expect(() => mergeShardRuns([firstFile])).toThrow(
      "Shard 2/2 missing: run codeforge bench --shard 2/2",
    );
    expect(() => mergeShardRuns([firstFile, firstFile])).toThrow("are both shard 1/2");
    expect(() => mergeShardRuns([firstFile, wholeFile])).toThrow(/is not a shard/);
    const otherModel = {
      ...firstFile,
      path: "other.json",
      run: {
        ...firstFile.run,
        modelConfig: { pinned: "anthropic/claude-haiku-4-5" },
        settings: { ...firstFile.run.settings, shard: { index: 2, count: 2 } },
      },
    };
    expect(() => mergeShardRuns([firstFile, otherModel])).toThrow(
      /differs from .* in its model configuration/,
    );
    const overlapping = {
      ...firstFile,
      path: "overlap.json",
      run: {
        ...firstFile.run,
        settings: { ...firstFile.run.settings, shard: { index: 2, count: 2 } },
      },
    };
    expect(() => mergeShardRuns([firstFile, overlapping])).toThrow(
      "alg_merge_intervals is in both",
    );

    const unfinished = {
      ...firstFile,
      path: "unfinished.json",
      run: {
        ...firstFile.run,
        results: [],
        settings: { ...firstFile.run.settings, shard: { index: 2, count: 2 } },
      },
    };
    expect(() => mergeShardRuns([firstFile, unfinished])).toThrow(
      `finished 0 of 1 problems: finish it with codeforge bench --resume ${firstFile.run.id}`,
    );
  }, 120_000);

  it("reads only results files, naming the file", async () => {
    const path = join(outputDir, "notes.json");
    await writeFile(path, '{"hello": 1}');
    await expect(readShardRunFile(path)).rejects.toThrow(`${path} is not a benchmark results file`);
    await expect(readShardRunFile(join(outputDir, "nope.json"))).rejects.toThrow(
      /Cannot read .*nope.json \(ENOENT\)/,
    );
  });
});
