import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import {
  type BenchmarkRepository,
  BenchmarkResultRecordSchema,
  type BenchmarkRunDetail,
  BenchmarkRunRecordSchema,
  type NewBenchmarkResult,
  type NewBenchmarkRun,
  UsageError,
} from "@codeforge/core";
import { z } from "zod";
import { type BenchmarkShard, formatShard } from "./benchmark-shard.js";

/** A results file as `codeforge bench --output` writes it: a run with its results. */
export const BenchmarkResultsFileSchema = BenchmarkRunRecordSchema.extend({
  results: z.array(BenchmarkResultRecordSchema),
});

/** A results file read back, and where it came from (for messages). */
export interface ShardRunFile {
  path: string;
  run: BenchmarkRunDetail;
}

/** Shard runs merged into one run: its record, its results and the whole as a results file. */
export interface MergedBenchmarkRun {
  run: NewBenchmarkRun;
  results: NewBenchmarkResult[];
  /** The merged run in the results-file form (`bench-<type>-<id>.json`). */
  detail: BenchmarkRunDetail;
}

/** Reads one results file, saying which file and what is wrong when it is not one. */
export async function readShardRunFile(path: string): Promise<ShardRunFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): pass the files codeforge bench --shard … --output DIR wrote`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON: pass the files codeforge bench --output wrote`);
  }
  const parsed = BenchmarkResultsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${path} is not a benchmark results file (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}): pass the files codeforge bench --output wrote`,
    );
  }
  return { path, run: parsed.data };
}

const ShardSettingsSchema = z.object({
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }),
  selected: z.number().int().min(0),
});

/** The settings that do not change what a run measures, so shards may differ in them. */
const PER_SHARD_SETTINGS = new Set(["shard", "concurrency", "budgetUsd", "gitDirty"]);

function sameSelection(run: BenchmarkRunDetail): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(run.settings).filter(([key]) => !PER_SHARD_SETTINGS.has(key)),
  );
}

/** What must be equal in every shard of one run, by the name a message uses for it. */
function identity(run: BenchmarkRunDetail): Record<string, unknown> {
  return {
    type: run.type,
    dataset: run.dataset,
    "dataset checksum": run.datasetChecksum,
    "model configuration": run.modelConfig,
    "problem selection (--limit, --ids)": sameSelection(run),
    temperature: run.temperature,
    repair: run.repairEnabled,
    "max retries": run.maxRetries,
    "CodeForge version": run.codeforgeVersion,
    "CodeForge commit": run.gitCommit,
  };
}

/**
 * Merges the results files of the shards of one benchmark (`codeforge bench --shard i/n`,
 * one per CI job) into one run, as if it had run on one machine: the results of every
 * shard, pass@1 and pass@1 after repair over all of them, cost and time added up (the
 * shards' compute time, not the wall time of a parallel matrix). Refuses, saying what to
 * do, files that are not shards of the same selection and configuration, shards given
 * twice, a problem in two shards, a missing shard or a shard that did not finish.
 *
 * @example
 * const merged = mergeShardRuns(await Promise.all(paths.map(readShardRunFile)));
 */
export function mergeShardRuns(
  files: readonly ShardRunFile[],
  options: { now?: () => Date; id?: () => string; commandLine?: string | null } = {},
): MergedBenchmarkRun {
  const [first] = files;
  if (first === undefined) throw new UsageError("Name the shard results files to merge.");
  const shards = new Map<number, ShardRunFile>();
  let count: number | undefined;
  let selected: number | undefined;
  for (const file of files) {
    const settings = ShardSettingsSchema.safeParse(file.run.settings);
    if (!settings.success) {
      throw new UsageError(
        `${file.path} is not a shard (run ${file.run.id} was not started with --shard i/n): merge only the files of one sharded benchmark`,
      );
    }
    const shard: BenchmarkShard = settings.data.shard;
    const expected = identity(first.run);
    const actual = identity(file.run);
    for (const [name, value] of Object.entries(expected)) {
      if (!isDeepStrictEqual(value, actual[name])) {
        throw new UsageError(
          `${file.path} differs from ${first.path} in its ${name} (${JSON.stringify(actual[name])} vs ${JSON.stringify(value)}): merge only the shards of one benchmark`,
        );
      }
    }
    if (count !== undefined && shard.count !== count) {
      throw new UsageError(
        `${file.path} is shard ${formatShard(shard)} but ${first.path} is one of ${count}: merge only the shards of one split`,
      );
    }
    count = shard.count;
    selected = settings.data.selected;
    const twin = shards.get(shard.index);
    if (twin !== undefined) {
      throw new UsageError(
        `${file.path} and ${twin.path} are both shard ${formatShard(shard)}: give each shard once`,
      );
    }
    shards.set(shard.index, file);
    if (file.run.results.length < file.run.total) {
      throw new UsageError(
        `${file.path} (shard ${formatShard(shard)}) finished ${file.run.results.length} of ${file.run.total} problems: finish it with codeforge bench --resume ${file.run.id} --output DIR, then merge its new file`,
      );
    }
  }
  const total = count ?? 1;
  const missing = Array.from({ length: total }, (_, index) => index + 1).filter(
    (index) => !shards.has(index),
  );
  if (missing.length > 0) {
    throw new UsageError(
      `Shard${missing.length === 1 ? "" : "s"} ${missing.map((index) => `${index}/${total}`).join(", ")} missing: run codeforge bench --shard ${missing[0]}/${total} … --output DIR and merge its file too`,
    );
  }
  const owner = new Map<string, string>();
  const results: NewBenchmarkResult[] = [];
  for (const file of files) {
    for (const result of file.run.results) {
      const other = owner.get(result.problemId);
      if (other !== undefined) {
        throw new UsageError(
          `${result.problemId} is in both ${other} and ${file.path}: shards of one split never overlap, so these are not shards of one benchmark`,
        );
      }
      owner.set(result.problemId, file.path);
      results.push({
        problemId: result.problemId,
        taskId: result.taskId,
        passed: result.passed,
        passedAfterRepair: result.passedAfterRepair,
        retries: result.retries,
        firstCode: result.firstCode,
        finalCode: result.finalCode,
        error: result.error,
        costUsd: result.costUsd,
        tokens: result.tokens,
        timeMs: result.timeMs,
      });
    }
  }
  if (selected !== undefined && results.length !== selected) {
    throw new UsageError(
      `The shards hold ${results.length} results but the selection has ${selected} problems: merge the complete files of every shard`,
    );
  }
  results.sort((a, b) => (a.problemId < b.problemId ? -1 : a.problemId > b.problemId ? 1 : 0));

  const runs = files.map((file) => file.run);
  const { shard: _shard, selected: _selected, ...settings } = first.run.settings;
  const run: NewBenchmarkRun = {
    id: options.id?.() ?? randomUUID(),
    type: first.run.type,
    dataset: first.run.dataset,
    datasetChecksum: first.run.datasetChecksum,
    modelConfig: first.run.modelConfig,
    settings: {
      ...settings,
      budgetUsd: null,
      shards: total,
      mergedFrom: [...shards.values()].map((file) => file.run.id),
    },
    temperature: first.run.temperature,
    repairEnabled: first.run.repairEnabled,
    maxRetries: first.run.maxRetries,
    codeforgeVersion: first.run.codeforgeVersion,
    gitCommit: first.run.gitCommit,
    commandLine: options.commandLine ?? null,
    total: results.length,
  };
  const passed = results.filter((result) => result.passed).length;
  const passedAfterRepair = results.filter((result) => result.passedAfterRepair).length;
  const share = (value: number) => (results.length === 0 ? null : value / results.length);
  const sum = (pick: (result: NewBenchmarkResult) => number | undefined) =>
    results.reduce((total, result) => total + (pick(result) ?? 0), 0);
  const runId = run.id as string;
  const detail: BenchmarkRunDetail = {
    id: runId,
    type: run.type,
    dataset: run.dataset,
    datasetChecksum: run.datasetChecksum ?? null,
    modelConfig: run.modelConfig,
    settings: run.settings ?? {},
    temperature: run.temperature ?? null,
    repairEnabled: run.repairEnabled ?? true,
    maxRetries: run.maxRetries,
    codeforgeVersion: run.codeforgeVersion,
    gitCommit: run.gitCommit ?? null,
    commandLine: run.commandLine ?? null,
    status: "completed",
    stopReason: null,
    total: results.length,
    passed,
    passedAfterRepair,
    passAt1: share(passed),
    passAt1Repair: share(passedAfterRepair),
    avgRetries: share(sum((result) => result.retries)),
    totalCostUsd: sum((result) => result.costUsd),
    totalTimeMs: runs.reduce((total, shard) => total + shard.totalTimeMs, 0),
    startedAt: new Date(Math.min(...runs.map((shard) => shard.startedAt.getTime()))),
    finishedAt: options.now?.() ?? new Date(),
    results: results.map((result, index) => ({
      id: index + 1,
      runId,
      problemId: result.problemId,
      taskId: result.taskId ?? null,
      passed: result.passed,
      passedAfterRepair: result.passedAfterRepair,
      retries: result.retries ?? 0,
      firstCode: result.firstCode ?? null,
      finalCode: result.finalCode ?? null,
      error: result.error ?? null,
      costUsd: result.costUsd ?? 0,
      tokens: result.tokens ?? 0,
      timeMs: result.timeMs ?? 0,
      createdAt: options.now?.() ?? new Date(),
    })),
  };
  return { run, results, detail };
}

/**
 * Records a merged run in the store as one completed run; task ids are dropped, since the
 * shards' tasks live in the stores of the machines that ran them. Returns the stored run.
 */
export async function storeMergedRun(
  store: BenchmarkRepository,
  merged: MergedBenchmarkRun,
): Promise<BenchmarkRunDetail> {
  const created = await store.createRun(merged.run);
  for (const result of merged.results) {
    await store.saveResult(created.id, { ...result, taskId: null });
  }
  await store.finishRun(created.id, {
    status: "completed",
    stopReason: null,
    totalTimeMs: merged.detail.totalTimeMs,
  });
  const stored = await store.getRun(created.id);
  if (stored === undefined) throw new Error(`benchmark run ${created.id} vanished from the store`);
  return stored;
}
