import { randomUUID } from "node:crypto";
import { type Kysely, type RawBuilder, sql, type Updateable } from "kysely";
import type { Database, TasksTable } from "./database.js";
import { jsonValue } from "./json-value.js";
import { storableText } from "./storable-text.js";
import { StoreError } from "./store-error.js";
import {
  type AgentTraceRecord,
  AgentTraceRecordSchema,
  type ExecutionResultRecord,
  ExecutionResultRecordSchema,
  type NewAgentTrace,
  type NewExecutionResult,
  type NewTask,
  type Page,
  type TaskDetail,
  type TaskListQuery,
  TaskListQuerySchema,
  type TaskOutcome,
  type TaskProgress,
  type TaskRecord,
  TaskRecordSchema,
  type TaskStatus,
  TERMINAL_TASK_STATUSES,
} from "./task-records.js";
import { withTransaction } from "./with-transaction.js";

/** The error message of a task found unfinished when the store opened. */
export const INTERRUPTED_MESSAGE = "interrupted";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Options of {@link TaskRepository.markInterrupted}. */
export interface MarkInterruptedOptions {
  /** Only tasks not updated for this long; by default every unfinished task. */
  olderThanMs?: number;
  now?: Date;
}

/** Reads and writes tasks with their agent traces and execution results. */
export interface TaskRepository {
  /** Creates a task (status `pending` unless given) and returns it. */
  create(task: NewTask): Promise<TaskRecord>;
  /** A task with its traces and execution results, or undefined when there is none. */
  get(id: string): Promise<TaskDetail | undefined>;
  /** The full id of the one task whose id starts with `prefix` (at least 4 characters). */
  resolveId(prefix: string): Promise<string | undefined>;
  /** Deletes a task; its traces and execution results go with it. False when there was none. */
  delete(id: string): Promise<boolean>;
  /** Moves a task to `status`, writing any progress fields given with it. */
  updateStatus(id: string, status: TaskStatus, progress?: TaskProgress): Promise<TaskRecord>;
  /** Writes progress fields without changing the status. */
  update(id: string, progress: TaskProgress): Promise<TaskRecord>;
  /** Ends a task as completed or failed with its final fields; sets `completedAt`. */
  finish(id: string, status: "completed" | "failed", outcome?: TaskOutcome): Promise<TaskRecord>;
  /** Ends a task as completed. */
  complete(id: string, outcome?: TaskOutcome): Promise<TaskRecord>;
  /** Ends a task as failed with the error trail. */
  fail(id: string, errorMessage: string, outcome?: TaskOutcome): Promise<TaskRecord>;
  /** Records one agent call; `stepOrder` defaults to the task's next step. */
  addTrace(taskId: string, trace: NewAgentTrace): Promise<AgentTraceRecord>;
  /** Records one sandbox run of the task's program. */
  addExecutionResult(taskId: string, result: NewExecutionResult): Promise<ExecutionResultRecord>;
  /** Filters, sorts and pages tasks. Throws a `StoreError` naming a bad filter. */
  list(query?: TaskListQuery): Promise<Page<TaskRecord>>;
  /**
   * Marks every task that is not completed or failed as failed with the message
   * "interrupted": such a task's process ended without finishing it. Returns how many.
   */
  markInterrupted(options?: MarkInterruptedOptions): Promise<number>;
}

/** Builds the task repository over a Kysely instance or a transaction. */
export function createTaskRepository(db: Kysely<Database>): TaskRepository {
  const requireTask = async (
    executor: Kysely<Database>,
    id: string,
    values: Updateable<TasksTable>,
  ): Promise<TaskRecord> => {
    const row = UUID_PATTERN.test(id)
      ? await executor
          .updateTable("tasks")
          .set({ ...values, updatedAt: sql<Date>`now()` })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirst()
      : undefined;
    if (!row)
      throw new StoreError(`task ${id} does not exist: check the id with codeforge tasks list`);
    return TaskRecordSchema.parse(row);
  };

  const guardForeignKey = async <T>(taskId: string, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (isForeignKeyViolation(error) || isInvalidUuid(error)) {
        throw new StoreError(
          `task ${taskId} does not exist: create the task before recording its steps`,
          { cause: error },
        );
      }
      throw error;
    }
  };

  const repository: TaskRepository = {
    async create(task) {
      const row = await db
        .insertInto("tasks")
        .values({
          id: task.id ?? randomUUID(),
          prompt: storableText(task.prompt),
          status: task.status,
          source: task.source,
          complexity: task.complexity ?? null,
          language: storableText(task.language ?? null),
          modelUsed: storableText(task.modelUsed ?? null),
          repo: storableText(task.repo ?? null),
          issueNumber: task.issueNumber ?? null,
          prNumber: task.prNumber ?? null,
          prUrl: storableText(task.prUrl ?? null),
          baseCommit: storableText(task.baseCommit ?? null),
          commentUrl: storableText(task.commentUrl ?? null),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return TaskRecordSchema.parse(row);
    },

    async get(id) {
      if (!UUID_PATTERN.test(id)) return undefined;
      const row = await db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
      if (!row) return undefined;
      const [traces, executions] = await Promise.all([
        db
          .selectFrom("agentTraces")
          .selectAll()
          .where("taskId", "=", id)
          .orderBy("stepOrder")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("executionResults")
          .selectAll()
          .where("taskId", "=", id)
          .orderBy("attempt")
          .orderBy("id")
          .execute(),
      ]);
      return {
        ...TaskRecordSchema.parse(row),
        traces: traces.map((trace) => AgentTraceRecordSchema.parse(trace)),
        executionResults: executions.map((result) => ExecutionResultRecordSchema.parse(result)),
      };
    },

    async resolveId(prefix) {
      const normalized = prefix.trim().toLowerCase();
      if (UUID_PATTERN.test(normalized)) return normalized;
      if (!/^[0-9a-f-]{4,36}$/.test(normalized)) return undefined;
      const rows = await db
        .selectFrom("tasks")
        .select("id")
        .where(sql<string>`${sql.ref("id")}::text`, "like", `${normalized}%`)
        .limit(2)
        .execute();
      if (rows.length > 1) {
        throw new StoreError(`task id prefix ${prefix} is ambiguous: give more characters`);
      }
      return rows[0]?.id;
    },

    async delete(id) {
      if (!UUID_PATTERN.test(id)) return false;
      const result = await db.deleteFrom("tasks").where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    updateStatus(id, status, progress = {}) {
      return requireTask(db, id, { ...progressValues(progress), status });
    },

    update(id, progress) {
      return requireTask(db, id, progressValues(progress));
    },

    finish(id, status, outcome = {}) {
      const { completedAt, ...progress } = outcome;
      return requireTask(db, id, {
        ...progressValues(progress),
        status,
        completedAt: completedAt ?? new Date(),
      });
    },

    complete(id, outcome) {
      return repository.finish(id, "completed", outcome);
    },

    fail(id, errorMessage, outcome = {}) {
      return repository.finish(id, "failed", { ...outcome, errorMessage });
    },

    addTrace(taskId, trace) {
      return guardForeignKey(taskId, () =>
        withTransaction(db, async (transaction) => {
          // Locking the task row keeps two writers from taking the same next step number.
          await lockTask(transaction, taskId);
          const stepOrder =
            trace.stepOrder ??
            (
              await transaction
                .selectFrom("agentTraces")
                .select(sql<number>`coalesce(max(${sql.ref("stepOrder")}), 0) + 1`.as("next"))
                .where("taskId", "=", taskId)
                .executeTakeFirstOrThrow()
            ).next;
          const row = await transaction
            .insertInto("agentTraces")
            .values({
              taskId,
              agent: storableText(trace.agent),
              stepOrder,
              input: jsonValue(trace.input),
              output: jsonValue(trace.output),
              reasoning: storableText(trace.reasoning ?? null),
              inputTokens: trace.inputTokens ?? 0,
              outputTokens: trace.outputTokens ?? 0,
              costUsd: trace.costUsd ?? 0,
              durationMs: Math.round(trace.durationMs ?? 0),
              model: storableText(trace.model ?? null),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await touch(transaction, taskId);
          return AgentTraceRecordSchema.parse(row);
        }),
      );
    },

    addExecutionResult(taskId, result) {
      return guardForeignKey(taskId, () =>
        withTransaction(db, async (transaction) => {
          const row = await transaction
            .insertInto("executionResults")
            .values({
              taskId,
              attempt: result.attempt,
              code: storableText(result.code ?? null),
              tests: storableText(result.tests ?? null),
              exitCode: result.exitCode,
              stdout: storableText(result.stdout ?? ""),
              stderr: storableText(result.stderr ?? ""),
              timedOut: result.timedOut ?? false,
              oomKilled: result.oomKilled ?? false,
              truncated: result.truncated ?? false,
              blocked: result.blocked ?? false,
              durationMs: Math.round(result.durationMs ?? 0),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await touch(transaction, taskId);
          return ExecutionResultRecordSchema.parse(row);
        }),
      );
    },

    async list(input = {}) {
      const parsed = TaskListQuerySchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StoreError(
          `invalid task list filter ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
        );
      }
      const query = parsed.data;
      let filtered = db.selectFrom("tasks");
      if (query.status.length > 0) filtered = filtered.where("status", "in", query.status);
      if (query.source) filtered = filtered.where("source", "=", query.source);
      if (query.search)
        filtered = filtered.where("prompt", "ilike", `%${escapeLike(storableText(query.search))}%`);
      if (query.since) filtered = filtered.where("createdAt", ">=", query.since);
      if (query.until) filtered = filtered.where("createdAt", "<", query.until);

      const sortColumn = (
        { created_at: "createdAt", cost: "totalCostUsd", duration: "totalTimeMs" } as const
      )[query.sort];
      const [countRow, rows] = await Promise.all([
        filtered.select((eb) => eb.fn.countAll().as("count")).executeTakeFirstOrThrow(),
        filtered
          .selectAll()
          .orderBy(sortColumn, query.order)
          .orderBy("createdAt", query.order)
          .orderBy("id", query.order)
          .limit(query.perPage)
          .offset((query.page - 1) * query.perPage)
          .execute(),
      ]);
      const total = Number(countRow.count);
      return {
        items: rows.map((row) => TaskRecordSchema.parse(row)),
        total,
        page: query.page,
        perPage: query.perPage,
        totalPages: Math.ceil(total / query.perPage),
      };
    },

    async markInterrupted(options = {}) {
      // The process ended before writing the task's totals: what its traces recorded was
      // spent all the same. A total the task did write is kept when it is larger.
      const traced = (total: RawBuilder<unknown>) =>
        sql`(select coalesce(${total}, 0) from ${sql.table("agent_traces")} where ${sql.ref("agent_traces.task_id")} = ${sql.ref("tasks.id")})`;
      let update = db
        .updateTable("tasks")
        .set({
          status: "failed",
          errorMessage: INTERRUPTED_MESSAGE,
          totalTokens: sql<number>`greatest(${sql.ref("tasks.total_tokens")}, ${traced(sql`sum(${sql.ref("input_tokens")} + ${sql.ref("output_tokens")})`)})`,
          totalCostUsd: sql<number>`greatest(${sql.ref("tasks.total_cost_usd")}, ${traced(sql`sum(${sql.ref("cost_usd")})`)})`,
          // Until it was last heard from (the right side still reads the row before the update).
          totalTimeMs: sql<number>`greatest(${sql.ref("tasks.total_time_ms")}, round(extract(epoch from (${sql.ref("tasks.updated_at")} - ${sql.ref("tasks.created_at")})) * 1000)::integer)`,
          completedAt: sql<Date>`now()`,
          updatedAt: sql<Date>`now()`,
        })
        .where("status", "not in", TERMINAL_TASK_STATUSES);
      if (options.olderThanMs !== undefined) {
        const cutoff = new Date((options.now ?? new Date()).getTime() - options.olderThanMs);
        update = update.where("updatedAt", "<", cutoff);
      }
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
  return repository;
}

function progressValues(progress: TaskProgress): Updateable<TasksTable> {
  const values: Updateable<TasksTable> = {};
  if (progress.complexity !== undefined) values.complexity = progress.complexity;
  if (progress.language !== undefined) values.language = storableText(progress.language);
  if (progress.modelUsed !== undefined) values.modelUsed = storableText(progress.modelUsed);
  if (progress.plan !== undefined) values.plan = jsonValue(progress.plan);
  if (progress.finalCode !== undefined) values.finalCode = storableText(progress.finalCode);
  if (progress.finalTests !== undefined) values.finalTests = storableText(progress.finalTests);
  if (progress.finalOutput !== undefined) values.finalOutput = storableText(progress.finalOutput);
  if (progress.totalCostUsd !== undefined) values.totalCostUsd = progress.totalCostUsd;
  if (progress.totalTokens !== undefined) values.totalTokens = progress.totalTokens;
  if (progress.totalTimeMs !== undefined) values.totalTimeMs = Math.round(progress.totalTimeMs);
  if (progress.retryCount !== undefined) values.retryCount = progress.retryCount;
  if (progress.errorMessage !== undefined)
    values.errorMessage = storableText(progress.errorMessage);
  if (progress.prNumber !== undefined) values.prNumber = progress.prNumber;
  if (progress.prUrl !== undefined) values.prUrl = storableText(progress.prUrl);
  if (progress.diff !== undefined) values.diff = storableText(progress.diff);
  if (progress.diffStats !== undefined) values.diffStats = jsonValue(progress.diffStats);
  return values;
}

async function lockTask(db: Kysely<Database>, taskId: string): Promise<void> {
  const row = UUID_PATTERN.test(taskId)
    ? await db
        .selectFrom("tasks")
        .select("id")
        .where("id", "=", taskId)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!row) {
    throw new StoreError(
      `task ${taskId} does not exist: create the task before recording its steps`,
    );
  }
}

async function touch(db: Kysely<Database>, taskId: string): Promise<void> {
  await db
    .updateTable("tasks")
    .set({ updatedAt: sql<Date>`now()` })
    .where("id", "=", taskId)
    .execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "23503";
}

function isInvalidUuid(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "22P02";
}
