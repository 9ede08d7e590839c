import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import {
  type BenchmarkResultRecord,
  BenchmarkResultRecordSchema,
  type BenchmarkRunDetail,
  type BenchmarkRunEnding,
  type BenchmarkRunListQuery,
  type BenchmarkRunRecord,
  BenchmarkRunRecordSchema,
  type NewBenchmarkResult,
  type NewBenchmarkRun,
} from "./benchmark-records.js";
import type { Database } from "./database.js";
import { jsonValue } from "./json-value.js";
import { storableText } from "./storable-text.js";
import { StoreError } from "./store-error.js";
import { withTransaction } from "./with-transaction.js";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and writes benchmark runs and their per-problem results. */
export interface BenchmarkRepository {
  /** Starts a run (status `running`) recording what makes it reproducible. */
  createRun(run: NewBenchmarkRun): Promise<BenchmarkRunRecord>;
  /**
   * Saves one problem's outcome, replacing an earlier one for the same problem, and
   * refreshes the run's running totals in the same transaction.
   */
  saveResult(runId: string, result: NewBenchmarkResult): Promise<BenchmarkResultRecord>;
  /**
   * Ends a run: computes pass@1, pass@1 after repair, average retries, cost and time from
   * its results (over the problems that have a result) and sets the status.
   */
  finishRun(runId: string, ending: BenchmarkRunEnding): Promise<BenchmarkRunRecord>;
  /** A run with its results, or undefined. */
  getRun(runId: string): Promise<BenchmarkRunDetail | undefined>;
  /** Runs, newest first. */
  listRuns(query?: BenchmarkRunListQuery): Promise<BenchmarkRunRecord[]>;
  /** A run's saved results, for `--resume` to skip finished problems. */
  findResults(runId: string): Promise<BenchmarkResultRecord[]>;
  /** Deletes a run and its results. False when there was none. */
  deleteRun(runId: string): Promise<boolean>;
  /** Marks every `running` run as `interrupted` (its process ended). Returns how many. */
  markInterrupted(): Promise<number>;
}

interface RunTotals {
  results: number;
  passed: number;
  passedAfterRepair: number;
  avgRetries: number | null;
  totalCostUsd: number;
  totalTimeMs: number;
}

/** Builds the benchmark repository over a Kysely instance or a transaction. */
export function createBenchmarkRepository(db: Kysely<Database>): BenchmarkRepository {
  const totals = async (executor: Kysely<Database>, runId: string): Promise<RunTotals> => {
    const row = await executor
      .selectFrom("benchmarkResults")
      .where("runId", "=", runId)
      .select((eb) => [
        eb.fn.countAll().as("results"),
        eb.fn.countAll().filterWhere("passed", "=", true).as("passed"),
        eb.fn.countAll().filterWhere("passedAfterRepair", "=", true).as("passedAfterRepair"),
        eb.fn.avg("retries").as("avgRetries"),
        eb.fn.coalesce(eb.fn.sum("costUsd"), sql.lit(0)).as("totalCostUsd"),
        eb.fn.coalesce(eb.fn.sum("timeMs"), sql.lit(0)).as("totalTimeMs"),
      ])
      .executeTakeFirstOrThrow();
    return {
      results: Number(row.results),
      passed: Number(row.passed),
      passedAfterRepair: Number(row.passedAfterRepair),
      avgRetries: row.avgRetries === null ? null : Number(row.avgRetries),
      totalCostUsd: Number(row.totalCostUsd),
      totalTimeMs: Number(row.totalTimeMs),
    };
  };

  const missingRun = (runId: string, cause?: unknown) =>
    new StoreError(
      `benchmark run ${runId} does not exist: list runs with codeforge bench or start a new one`,
      { cause },
    );

  const repository: BenchmarkRepository = {
    async createRun(run) {
      const row = await db
        .insertInto("benchmarkRuns")
        .values({
          id: run.id ?? randomUUID(),
          type: storableText(run.type),
          dataset: storableText(run.dataset),
          datasetChecksum: storableText(run.datasetChecksum ?? null),
          modelConfig: jsonValue(run.modelConfig),
          settings: jsonValue(run.settings ?? {}),
          temperature: run.temperature ?? null,
          repairEnabled: run.repairEnabled ?? true,
          maxRetries: run.maxRetries,
          codeforgeVersion: storableText(run.codeforgeVersion),
          gitCommit: storableText(run.gitCommit ?? null),
          commandLine: storableText(run.commandLine ?? null),
          total: run.total,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return BenchmarkRunRecordSchema.parse(row);
    },

    async saveResult(runId, result) {
      if (!UUID_PATTERN.test(runId)) throw missingRun(runId);
      try {
        return await withTransaction(db, async (transaction) => {
          const values = {
            taskId: result.taskId ?? null,
            passed: result.passed,
            passedAfterRepair: result.passedAfterRepair,
            retries: result.retries ?? 0,
            firstCode: storableText(result.firstCode ?? null),
            finalCode: storableText(result.finalCode ?? null),
            error: storableText(result.error ?? null),
            costUsd: result.costUsd ?? 0,
            tokens: result.tokens ?? 0,
            timeMs: Math.round(result.timeMs ?? 0),
          };
          const row = await transaction
            .insertInto("benchmarkResults")
            .values({ runId, problemId: storableText(result.problemId), ...values })
            .onConflict((conflict) =>
              conflict
                .columns(["runId", "problemId"])
                .doUpdateSet({ ...values, createdAt: sql<Date>`now()` }),
            )
            .returningAll()
            .executeTakeFirstOrThrow();
          const sums = await totals(transaction, runId);
          await transaction
            .updateTable("benchmarkRuns")
            .set({
              passed: sums.passed,
              passedAfterRepair: sums.passedAfterRepair,
              totalCostUsd: sums.totalCostUsd,
            })
            .where("id", "=", runId)
            .execute();
          return BenchmarkResultRecordSchema.parse(row);
        });
      } catch (error) {
        if (
          typeof error === "object" &&
          error !== null &&
          "code" in error &&
          error.code === "23503"
        ) {
          throw missingRun(runId, error);
        }
        throw error;
      }
    },

    async finishRun(runId, ending) {
      if (!UUID_PATTERN.test(runId)) throw missingRun(runId);
      return withTransaction(db, async (transaction) => {
        const sums = await totals(transaction, runId);
        const share = (count: number) => (sums.results === 0 ? null : count / sums.results);
        const row = await transaction
          .updateTable("benchmarkRuns")
          .set({
            status: ending.status,
            stopReason: storableText(ending.stopReason ?? null),
            passed: sums.passed,
            passedAfterRepair: sums.passedAfterRepair,
            passAt1: share(sums.passed),
            passAt1Repair: share(sums.passedAfterRepair),
            avgRetries: sums.avgRetries,
            totalCostUsd: sums.totalCostUsd,
            totalTimeMs: Math.round(ending.totalTimeMs ?? sums.totalTimeMs),
            finishedAt: sql<Date>`now()`,
          })
          .where("id", "=", runId)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw missingRun(runId);
        return BenchmarkRunRecordSchema.parse(row);
      });
    },

    async getRun(runId) {
      if (!UUID_PATTERN.test(runId)) return undefined;
      const row = await db
        .selectFrom("benchmarkRuns")
        .selectAll()
        .where("id", "=", runId)
        .executeTakeFirst();
      if (!row) return undefined;
      const results = await repository.findResults(runId);
      return { ...BenchmarkRunRecordSchema.parse(row), results };
    },

    async listRuns(query = {}) {
      let select = db.selectFrom("benchmarkRuns").selectAll();
      if (query.type) select = select.where("type", "=", storableText(query.type));
      if (query.status) select = select.where("status", "=", query.status);
      const rows = await select
        .orderBy("startedAt", "desc")
        .orderBy("id", "desc")
        .limit(query.limit ?? 50)
        .execute();
      return rows.map((row) => BenchmarkRunRecordSchema.parse(row));
    },

    async findResults(runId) {
      if (!UUID_PATTERN.test(runId)) return [];
      const rows = await db
        .selectFrom("benchmarkResults")
        .selectAll()
        .where("runId", "=", runId)
        .orderBy("problemId")
        .execute();
      return rows.map((row) => BenchmarkResultRecordSchema.parse(row));
    },

    async deleteRun(runId) {
      if (!UUID_PATTERN.test(runId)) return false;
      const result = await db
        .deleteFrom("benchmarkRuns")
        .where("id", "=", runId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async markInterrupted() {
      const result = await db
        .updateTable("benchmarkRuns")
        .set({ status: "interrupted", stopReason: "interrupted", finishedAt: sql<Date>`now()` })
        .where("status", "=", "running")
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
  return repository;
}
