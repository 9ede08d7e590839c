import type { Pricing } from "../llm/index.js";
import type { SecretRedactor } from "../logging/index.js";
import { redactValues } from "../logging/index.js";
import type { BenchmarkRunDetail } from "../store/benchmark-records.js";
import type { Store } from "../store/store.js";
import type { TaskDetail } from "../store/task-records.js";
import {
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type SnapshotBenchmarkRun,
  SnapshotSchema,
  type SnapshotTask,
} from "./snapshot-schema.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE_SIZE = 500;
const DEFAULT_COST_DAYS = 30;

/** Default of {@link BuildSnapshotOptions.limitTasks}. */
export const DEFAULT_SNAPSHOT_TASK_LIMIT = 500;

/** What {@link buildSnapshot} reads from and how. */
export interface BuildSnapshotOptions {
  store: Pick<Store, "tasks" | "benchmarks" | "analytics">;
  /** Prices the recorded calls on the baseline model for the routing savings. */
  pricing: Pick<Pricing, "costOf">;
  /** Usually `config.routing.baselineModel`. */
  baselineModel: string;
  /** Only tasks created and runs started at or after this moment. */
  since?: Date;
  /** The newest N tasks; defaults to {@link DEFAULT_SNAPSHOT_TASK_LIMIT}. */
  limitTasks?: number;
  /** Generated code, diffs, tests and program output too. */
  includeCode?: boolean;
  /** Repository names, issue and pull request numbers and links too. */
  includePrivate?: boolean;
  /** Says where the data came from when it is not a live store (the demo snapshot). */
  label?: string | null;
  /** Applied to every text of the snapshot (configured secrets and key-shaped text). */
  redact: SecretRedactor;
  now?: Date;
}

/**
 * Reads the store into one status-site snapshot: benchmark runs with every problem, the
 * newest tasks with their traces, repairs and executions, cost, performance, model use and
 * routing savings. Private fields and code stay out unless asked for, and every text passes
 * through `redact`. The result is checked against {@link SnapshotSchema} before it is returned.
 *
 * @example
 * const snapshot = await buildSnapshot({ store, pricing, baselineModel, redact, limitTasks: 200 });
 * await writeFile("snapshot.json", JSON.stringify(snapshot));
 */
export async function buildSnapshot(options: BuildSnapshotOptions): Promise<Snapshot> {
  const { store, since } = options;
  const now = options.now ?? new Date();
  const limitTasks = options.limitTasks ?? DEFAULT_SNAPSHOT_TASK_LIMIT;
  const includeCode = options.includeCode ?? false;
  const includePrivate = options.includePrivate ?? false;
  const days = since === undefined ? undefined : daysSince(since, now);
  const window = days === undefined ? {} : { days, now };

  const [cost, lastWeek, performance, models, tokens, runs, tasks] = await Promise.all([
    store.analytics.costSummary(days ?? DEFAULT_COST_DAYS, now),
    store.analytics.costSummary(7, now),
    store.analytics.performanceSummary(window),
    store.analytics.modelDistribution(window),
    store.analytics.tokensByModel(window),
    readRuns(store, since),
    readTasks(store, since, limitTasks),
  ]);

  const savingsByModel = tokens.map((row) => ({
    ...row,
    baselineCostUsd: options.pricing.costOf(options.baselineModel, row),
  }));
  const actualCostUsd = sum(savingsByModel.map((row) => row.costUsd));
  const baselineCostUsd = sum(savingsByModel.map((row) => row.baselineCostUsd));
  const savingsUsd = baselineCostUsd - actualCostUsd;

  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    label: options.label ?? null,
    options: {
      since: since?.toISOString() ?? null,
      limitTasks,
      includeCode,
      includePrivate,
    },
    performance,
    cost: {
      days: cost.days,
      since: cost.since.toISOString(),
      totalCostUsd: cost.totalCostUsd,
      totalTokens: cost.totalTokens,
      tasks: cost.tasks,
      lastWeekCostUsd: lastWeek.totalCostUsd,
      byModel: cost.byModel,
      byAgent: cost.byAgent,
      daily: cost.daily,
    },
    models,
    savings: {
      baselineModel: options.baselineModel,
      actualCostUsd,
      baselineCostUsd,
      savingsUsd,
      savingsPercent: baselineCostUsd > 0 ? (savingsUsd / baselineCostUsd) * 100 : 0,
      byModel: savingsByModel,
    },
    benchmarkRuns: runs.map((run) => snapshotRun(run, includeCode)),
    tasks: tasks.items.map((task) => snapshotTask(task, { includeCode, includePrivate })),
    totalTasks: tasks.total,
  };
  return SnapshotSchema.parse(redactValues(snapshot, options.redact));
}

/** Whole UTC days from `since`'s day to `now`'s, both included. */
function daysSince(since: Date, now: Date): number {
  const start = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.max(1, Math.floor((end - start) / DAY_MS) + 1);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

async function readRuns(
  store: BuildSnapshotOptions["store"],
  since: Date | undefined,
): Promise<BenchmarkRunDetail[]> {
  const runs = await store.benchmarks.listRuns({ limit: 10_000 });
  const wanted = runs.filter((run) => since === undefined || run.startedAt >= since).reverse();
  const details: BenchmarkRunDetail[] = [];
  for (const run of wanted) {
    details.push({ ...run, results: await store.benchmarks.findResults(run.id) });
  }
  return details;
}

async function readTasks(
  store: BuildSnapshotOptions["store"],
  since: Date | undefined,
  limit: number,
): Promise<{ items: TaskDetail[]; total: number }> {
  const items: TaskDetail[] = [];
  let total = 0;
  // The first page is read even for a limit of 0: it carries the total.
  for (let page = 1; page === 1 || items.length < limit; page += 1) {
    const found = await store.tasks.list({
      ...(since === undefined ? {} : { since }),
      sort: "created_at",
      order: "desc",
      page,
      perPage: Math.max(1, Math.min(PAGE_SIZE, limit)),
    });
    total = found.total;
    for (const task of found.items.slice(0, limit - items.length)) {
      const detail = await store.tasks.get(task.id);
      if (detail) items.push(detail);
    }
    if (page >= found.totalPages) break;
  }
  return { items, total };
}

function snapshotRun(run: BenchmarkRunDetail, includeCode: boolean): SnapshotBenchmarkRun {
  const { results, startedAt, finishedAt, ...fields } = run;
  return {
    ...fields,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt?.toISOString() ?? null,
    results: results.map((result) => ({
      problemId: result.problemId,
      passed: result.passed,
      passedAfterRepair: result.passedAfterRepair,
      retries: result.retries,
      costUsd: result.costUsd,
      tokens: result.tokens,
      timeMs: result.timeMs,
      error: result.error,
      ...(includeCode ? { firstCode: result.firstCode, finalCode: result.finalCode } : {}),
    })),
  };
}

function snapshotTask(
  task: TaskDetail,
  options: { includeCode: boolean; includePrivate: boolean },
): SnapshotTask {
  const { includeCode, includePrivate } = options;
  return {
    id: task.id,
    prompt: task.prompt,
    status: task.status,
    source: task.source,
    complexity: task.complexity,
    language: task.language,
    modelUsed: task.modelUsed,
    totalCostUsd: task.totalCostUsd,
    totalTokens: task.totalTokens,
    totalTimeMs: task.totalTimeMs,
    retryCount: task.retryCount,
    errorMessage: task.errorMessage,
    createdAt: task.createdAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
    plan: task.plan,
    diffStats: task.diffStats,
    repo: includePrivate ? task.repo : null,
    issueNumber: includePrivate ? task.issueNumber : null,
    prNumber: includePrivate ? task.prNumber : null,
    prUrl: includePrivate ? task.prUrl : null,
    traces: task.traces.map((trace) => ({
      step: trace.stepOrder,
      agent: trace.agent,
      model: trace.model,
      inputTokens: trace.inputTokens,
      outputTokens: trace.outputTokens,
      costUsd: trace.costUsd,
      durationMs: trace.durationMs,
    })),
    repairs: task.traces
      .filter((trace) => trace.agent === "reviewer")
      .map((trace) => {
        const output = asRecord(trace.output);
        return {
          step: trace.stepOrder,
          model: trace.model,
          rootCause: text(output.root_cause),
          errorType: text(output.error_type),
          fixDescription: text(output.fix_description),
          confidence: typeof output.confidence === "number" ? output.confidence : null,
          costUsd: trace.costUsd,
          durationMs: trace.durationMs,
        };
      }),
    executions: task.executionResults.map((execution) => ({
      attempt: execution.attempt,
      exitCode: execution.exitCode,
      timedOut: execution.timedOut,
      oomKilled: execution.oomKilled,
      durationMs: execution.durationMs,
      ...(includeCode ? { stdout: execution.stdout, stderr: execution.stderr } : {}),
    })),
    ...(includeCode
      ? {
          finalCode: task.finalCode,
          finalTests: task.finalTests,
          finalOutput: task.finalOutput,
          diff: task.diff,
        }
      : {}),
  };
}

/** A trace's output as an object: the pipeline records a model's reply as its JSON text. */
function asRecord(value: unknown): Record<string, unknown> {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ""));
    } catch {
      return {};
    }
  }
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
