import { type Kysely, sql } from "kysely";
import type {
  AnalyticsWindow,
  ModelShare,
  ModelTokens,
  PerformanceSummary,
  TaskCostSummary,
} from "./analytics-records.js";
import type { Database } from "./database.js";
import { TASK_STATUSES, type TaskStatus } from "./task-records.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The queries behind the status site's overview and `codeforge tasks` summaries. */
export interface AnalyticsRepository {
  /** Cost over the last `days` UTC days (today included): total, by model, by agent, per day. */
  costSummary(days?: number, now?: Date): Promise<TaskCostSummary>;
  /** Success rate, average time and retries, counts by status. */
  performanceSummary(window?: AnalyticsWindow): Promise<PerformanceSummary>;
  /** Tasks per model with their share, most used first. */
  modelDistribution(window?: AnalyticsWindow): Promise<ModelShare[]>;
  /** Recorded model calls of the window's tasks per model, most expensive first. */
  tokensByModel(window?: AnalyticsWindow): Promise<ModelTokens[]>;
}

/** Builds the analytics repository over a Kysely instance or a transaction. */
export function createAnalyticsRepository(db: Kysely<Database>): AnalyticsRepository {
  const tasksIn = (window: AnalyticsWindow) => {
    const query = db.selectFrom("tasks");
    if (window.days === undefined) return query;
    return query.where("createdAt", ">=", windowStart(window.days, window.now ?? new Date()));
  };

  return {
    async costSummary(days = 30, now = new Date()) {
      if (!Number.isInteger(days) || days < 1) {
        throw new RangeError(`days must be a whole number of 1 or more, got ${days}`);
      }
      const since = windowStart(days, now);
      const day = sql<string>`to_char(${sql.ref("createdAt")} at time zone 'UTC', 'YYYY-MM-DD')`;
      const [totals, byModel, byAgent, daily] = await Promise.all([
        db
          .selectFrom("tasks")
          .where("createdAt", ">=", since)
          .select((eb) => [
            eb.fn.countAll().as("tasks"),
            eb.fn.coalesce(eb.fn.sum("totalCostUsd"), sql.lit(0)).as("costUsd"),
            eb.fn.coalesce(eb.fn.sum("totalTokens"), sql.lit(0)).as("tokens"),
          ])
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("tasks")
          .where("createdAt", ">=", since)
          .where("modelUsed", "is not", null)
          .select((eb) => [
            "modelUsed",
            eb.fn.countAll().as("tasks"),
            eb.fn.sum("totalCostUsd").as("costUsd"),
            eb.fn.sum("totalTokens").as("tokens"),
          ])
          .groupBy("modelUsed")
          .execute(),
        db
          .selectFrom("agentTraces")
          .innerJoin("tasks", "tasks.id", "agentTraces.taskId")
          .where("tasks.createdAt", ">=", since)
          .select((eb) => [
            "agentTraces.agent",
            eb.fn.countAll().as("calls"),
            eb.fn.sum("agentTraces.costUsd").as("costUsd"),
            eb.fn
              .sum(eb("agentTraces.inputTokens", "+", eb.ref("agentTraces.outputTokens")))
              .as("tokens"),
          ])
          .groupBy("agentTraces.agent")
          .execute(),
        db
          .selectFrom("tasks")
          .where("createdAt", ">=", since)
          .select((eb) => [
            day.as("date"),
            eb.fn.countAll().as("tasks"),
            eb.fn.sum("totalCostUsd").as("costUsd"),
          ])
          .groupBy(day)
          .execute(),
      ]);

      const perDay = new Map(daily.map((row) => [row.date, row]));
      return {
        days,
        since,
        totalCostUsd: Number(totals.costUsd),
        totalTokens: Number(totals.tokens),
        tasks: Number(totals.tasks),
        byModel: byModel
          .map((row) => ({
            model: String(row.modelUsed),
            costUsd: Number(row.costUsd),
            tokens: Number(row.tokens),
            tasks: Number(row.tasks),
          }))
          .sort(byCostThenName((row) => row.model)),
        byAgent: byAgent
          .map((row) => ({
            agent: row.agent,
            costUsd: Number(row.costUsd),
            tokens: Number(row.tokens),
            calls: Number(row.calls),
          }))
          .sort(byCostThenName((row) => row.agent)),
        daily: Array.from({ length: days }, (_, index) => {
          const date = new Date(since.getTime() + index * DAY_MS).toISOString().slice(0, 10);
          const row = perDay.get(date);
          return { date, costUsd: Number(row?.costUsd ?? 0), tasks: Number(row?.tasks ?? 0) };
        }),
      };
    },

    async performanceSummary(window = {}) {
      const [statusRows, finished] = await Promise.all([
        tasksIn(window)
          .select((eb) => ["status", eb.fn.countAll().as("count")])
          .groupBy("status")
          .execute(),
        tasksIn(window)
          .where("status", "in", ["completed", "failed"])
          .select((eb) => [
            eb.fn.avg("totalTimeMs").as("avgTimeMs"),
            eb.fn.avg("retryCount").as("avgRetries"),
          ])
          .executeTakeFirstOrThrow(),
      ]);
      const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<
        TaskStatus,
        number
      >;
      for (const row of statusRows) byStatus[row.status as TaskStatus] = Number(row.count);
      const totalTasks = Object.values(byStatus).reduce((sum, count) => sum + count, 0);
      const ended = byStatus.completed + byStatus.failed;
      return {
        totalTasks,
        successRate: ended === 0 ? 0 : byStatus.completed / ended,
        avgTimeMs: Number(finished.avgTimeMs ?? 0),
        avgRetries: Number(finished.avgRetries ?? 0),
        byStatus,
      };
    },

    async modelDistribution(window = {}) {
      const rows = await tasksIn(window)
        .where("modelUsed", "is not", null)
        .select((eb) => ["modelUsed", eb.fn.countAll().as("count")])
        .groupBy("modelUsed")
        .execute();
      const total = rows.reduce((sum, row) => sum + Number(row.count), 0);
      return rows
        .map((row) => {
          const count = Number(row.count);
          return {
            model: String(row.modelUsed),
            count,
            percentage: Math.round((count / total) * 10_000) / 100,
          };
        })
        .sort((left, right) => right.count - left.count || left.model.localeCompare(right.model));
    },

    async tokensByModel(window = {}) {
      // A step that called no model (the heuristic classifier) records no model: not a call.
      let query = db
        .selectFrom("agentTraces")
        .innerJoin("tasks", "tasks.id", "agentTraces.taskId")
        .where("agentTraces.model", "is not", null);
      if (window.days !== undefined) {
        query = query.where(
          "tasks.createdAt",
          ">=",
          windowStart(window.days, window.now ?? new Date()),
        );
      }
      const rows = await query
        .select((eb) => [
          "agentTraces.model",
          eb.fn.countAll().as("calls"),
          eb.fn.sum("agentTraces.inputTokens").as("inputTokens"),
          eb.fn.sum("agentTraces.outputTokens").as("outputTokens"),
          eb.fn.sum("agentTraces.costUsd").as("costUsd"),
        ])
        .groupBy("agentTraces.model")
        .execute();
      return rows
        .map((row) => ({
          model: String(row.model),
          calls: Number(row.calls),
          inputTokens: Number(row.inputTokens),
          outputTokens: Number(row.outputTokens),
          costUsd: Number(row.costUsd),
        }))
        .sort(byCostThenName((row) => row.model));
    },
  };
}

/** Midnight UTC, `days - 1` days before `now`'s day. */
function windowStart(days: number, now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

function byCostThenName<T extends { costUsd: number }>(name: (row: T) => string) {
  return (left: T, right: T) =>
    right.costUsd - left.costUsd || name(left).localeCompare(name(right));
}
