import {
  type ModelShare,
  openStore,
  type Page,
  type PerformanceSummary,
  SORT_ORDERS,
  type SortOrder,
  type Store,
  TASK_SORT_FIELDS,
  TASK_SOURCES,
  TASK_STATUSES,
  type TaskCostSummary,
  type TaskDetail,
  type TaskListQuery,
  type TaskRecord,
  type TaskSortField,
  type TaskSource,
  type TaskStatus,
  UsageError,
} from "@codeforge/core";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { loadCliConfig } from "../load-cli-config.js";
import { parseIntegerFlag } from "../parse-integer-flag.js";
import { formatDuration, formatUsd } from "../run/format.js";
import type { CommandRegistrar } from "./command-registrar.js";

/** Durations as `codeforge run` shows them: `850ms`, `12.3s`, `4m 05s` (one implementation). */
export { formatDuration } from "../run/format.js";

/** The flags of `codeforge tasks list`, as commander hands them over. */
export interface TaskListFlags {
  status?: string;
  source?: string;
  search?: string;
  since?: string;
  until?: string;
  sort?: string;
  order?: string;
  page?: string;
  perPage?: string;
  json?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Turns the list flags into a repository query, or throws a `UsageError` naming the flag
 * and what it accepts. Dates are ISO dates or times, or an age such as `7d` or `12h`; a
 * date-only `--until` includes that whole day.
 */
export function parseTaskListFlags(flags: TaskListFlags, now = new Date()): TaskListQuery {
  const query: TaskListQuery = {};
  if (flags.status !== undefined) {
    query.status = flags.status
      .split(",")
      .map((status) => status.trim())
      .filter((status) => status !== "")
      .map((status) => oneOf("--status", status, TASK_STATUSES) as TaskStatus);
  }
  if (flags.source !== undefined)
    query.source = oneOf("--source", flags.source, TASK_SOURCES) as TaskSource;
  if (flags.search !== undefined && flags.search !== "") query.search = flags.search;
  if (flags.since !== undefined) query.since = parseMoment("--since", flags.since, now, "start");
  if (flags.until !== undefined) query.until = parseMoment("--until", flags.until, now, "end");
  if (flags.sort !== undefined)
    query.sort = oneOf("--sort", flags.sort, TASK_SORT_FIELDS) as TaskSortField;
  if (flags.order !== undefined)
    query.order = oneOf("--order", flags.order, SORT_ORDERS) as SortOrder;
  if (flags.page !== undefined) query.page = parseIntegerFlag("--page", flags.page, { min: 1 });
  if (flags.perPage !== undefined)
    query.perPage = parseIntegerFlag("--per-page", flags.perPage, { min: 1, max: 500 });
  return query;
}

function oneOf(flag: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) {
    throw new UsageError(`${flag} ${value} is not valid: use one of ${allowed.join(", ")}`);
  }
  return value;
}

/**
 * A moment from a flag: an ISO date or time, or an age such as `7d`, `12h` or `30m` before
 * `now`. A date-only value is the day's start, or with `edge` "end" the next day's start.
 */
export function parseMoment(flag: string, value: string, now: Date, edge: "start" | "end"): Date {
  const age = /^(\d+)([dhm])$/.exec(value.trim());
  if (age) {
    const unit = { d: DAY_MS, h: 60 * 60 * 1000, m: 60 * 1000 }[age[2] as "d" | "h" | "m"];
    return new Date(now.getTime() - Number(age[1]) * unit);
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  const parsed = new Date(dateOnly ? `${value.trim()}T00:00:00Z` : value.trim());
  if (Number.isNaN(parsed.getTime())) {
    throw new UsageError(
      `${flag} ${value} is not a date: use an ISO date (2026-01-31), a time (2026-01-31T12:00Z) or an age (7d, 12h, 30m)`,
    );
  }
  return dateOnly && edge === "end" ? new Date(parsed.getTime() + DAY_MS) : parsed;
}

/** Costs in the tables and summaries: four decimals each, so a column lines up. */
function formatCost(usd: number): string {
  return formatUsd(usd, { fixedDecimals: true });
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")}Z`;
}

function truncate(text: string, width: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** Lays out rows as columns separated by two spaces; the last column is not padded. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === row.length - 1 ? cell : cell.padEnd(widths?.[column] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}

/** The task list as a readable table with a page line under it. */
export function renderTaskTable(page: Page<TaskRecord>): string[] {
  if (page.total === 0) return ["no tasks found"];
  const header = ["ID", "STATUS", "COST", "TIME", "RETRIES", "MODEL", "CREATED", "PROMPT"];
  const rows = page.items.map((task) => [
    task.id.slice(0, 8),
    task.status,
    formatCost(task.totalCostUsd),
    formatDuration(task.totalTimeMs),
    String(task.retryCount),
    task.modelUsed ?? "-",
    formatTime(task.createdAt),
    truncate(task.prompt, 60),
  ]);
  const footer =
    page.items.length === 0
      ? `page ${page.page} is past the last page (${page.totalPages}) of ${page.total} task(s)`
      : `page ${page.page} of ${page.totalPages} (${page.total} task(s))`;
  return [...table([header, ...rows]), "", footer];
}

function indent(text: string, prefix = "    "): string[] {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => `${prefix}${line}`);
}

/** One task in detail: fields, plan, final program, traces and execution results. */
export function renderTaskDetail(task: TaskDetail): string[] {
  const lines = [
    `task ${task.id}`,
    `  status     ${task.status}${task.errorMessage ? ` (${truncate(task.errorMessage, 80)})` : ""}`,
    `  source     ${task.source}${task.repo ? ` ${task.repo}` : ""}${task.issueNumber ? `#${task.issueNumber}` : ""}`,
    `  complexity ${task.complexity ?? "-"}`,
    `  model      ${task.modelUsed ?? "-"}`,
    `  cost       ${formatCost(task.totalCostUsd)} (${task.totalTokens} tokens)`,
    `  time       ${formatDuration(task.totalTimeMs)}, ${task.retryCount} retr${task.retryCount === 1 ? "y" : "ies"}`,
    `  created    ${formatTime(task.createdAt)}${task.completedAt ? `, finished ${formatTime(task.completedAt)}` : ""}`,
  ];
  if (task.prUrl) lines.push(`  pull req.  ${task.prUrl}`);
  lines.push("", "prompt:", ...indent(task.prompt));
  if (task.plan !== null) lines.push("", "plan:", ...indent(JSON.stringify(task.plan, null, 2)));
  if (task.errorMessage) lines.push("", "error:", ...indent(task.errorMessage));
  if (task.finalCode) lines.push("", "final code:", ...indent(task.finalCode));
  if (task.finalOutput) lines.push("", "final output:", ...indent(task.finalOutput));

  lines.push("", `traces (${task.traces.length}):`);
  if (task.traces.length > 0) {
    const header = ["STEP", "AGENT", "MODEL", "TOKENS IN/OUT", "COST", "TIME"];
    const rows = task.traces.map((trace) => [
      String(trace.stepOrder),
      trace.agent,
      trace.model ?? "-",
      `${trace.inputTokens}/${trace.outputTokens}`,
      formatCost(trace.costUsd),
      formatDuration(trace.durationMs),
    ]);
    lines.push(...table([header, ...rows]).map((line) => `  ${line}`));
  }

  lines.push("", `execution results (${task.executionResults.length}):`);
  for (const result of task.executionResults) {
    const flags = (["timedOut", "oomKilled", "truncated", "blocked"] as const).filter(
      (flag) => result[flag],
    );
    lines.push(
      `  attempt ${result.attempt}: exit ${result.exitCode ?? "-"} in ${formatDuration(result.durationMs)}${flags.length > 0 ? ` [${flags.join(", ")}]` : ""}`,
    );
    if (result.stdout) lines.push("    stdout:", ...indent(tail(result.stdout), "      "));
    if (result.stderr) lines.push("    stderr:", ...indent(tail(result.stderr), "      "));
  }
  return lines;
}

function tail(text: string, lines = 20): string {
  const all = text.replace(/\n$/, "").split("\n");
  if (all.length <= lines) return all.join("\n");
  return [`… (${all.length - lines} earlier lines)`, ...all.slice(-lines)].join("\n");
}

/** What `tasks stats` reports: cost, performance and model use over a window. */
export interface TaskStats {
  cost: TaskCostSummary;
  performance: PerformanceSummary;
  models: ModelShare[];
}

/** The stats as readable lines: totals, then cost by model and agent, then model use. */
export function renderTaskStats(stats: TaskStats): string[] {
  const { cost, performance, models } = stats;
  const finished = performance.byStatus.completed + performance.byStatus.failed;
  const statuses = Object.entries(performance.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${status} ${count}`);
  const lines = [
    `last ${cost.days} day(s): ${cost.tasks} task(s), ${formatCost(cost.totalCostUsd)}, ${cost.totalTokens} tokens`,
    `success rate ${(performance.successRate * 100).toFixed(1)}% of ${finished} finished · average ${formatDuration(performance.avgTimeMs)} · ${performance.avgRetries.toFixed(2)} retries`,
    `by status: ${statuses.length > 0 ? statuses.join(" · ") : "no tasks"}`,
  ];
  if (cost.byModel.length > 0) {
    lines.push("", "cost by model:");
    const rows = cost.byModel.map((row) => [
      row.model,
      formatCost(row.costUsd),
      `${row.tasks} task(s)`,
      `${row.tokens} tokens`,
    ]);
    lines.push(...table(rows).map((line) => `  ${line}`));
  }
  if (cost.byAgent.length > 0) {
    lines.push("", "cost by agent:");
    const rows = cost.byAgent.map((row) => [
      row.agent,
      formatCost(row.costUsd),
      `${row.calls} call(s)`,
      `${row.tokens} tokens`,
    ]);
    lines.push(...table(rows).map((line) => `  ${line}`));
  }
  if (models.length > 0) {
    lines.push("", "model use:");
    const rows = models.map((row) => [row.model, `${row.count}`, `${row.percentage.toFixed(2)}%`]);
    lines.push(...table(rows).map((line) => `  ${line}`));
  }
  return lines;
}

async function withStore<T>(
  context: CliContext,
  command: Command,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const config = loadCliConfig(context, command);
  const store = await openStore({ ...config.store, cwd: context.cwd });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function reportMissing(context: CliContext, id: string): typeof EXIT_CODES.failure {
  writeLine(
    context.stderr,
    `codeforge: no task with id ${id}: list tasks with codeforge tasks list`,
  );
  return EXIT_CODES.failure;
}

/**
 * `codeforge tasks list|show|stats|delete`: the recorded tasks. `list` filters by status, source,
 * prompt text and date range, sorts and pages (a table, or `--json` for the items array);
 * `show ID` prints a task with its traces and execution results; `delete ID` removes a task
 * with everything recorded for it; `stats` sums up cost, success and model use. An id may be abbreviated to a unique prefix.
 */
export const registerTasksCommand: CommandRegistrar = (
  program: Command,
  context: CliContext,
  exit: ExitCodeBox,
) => {
  const tasks = program
    .command("tasks")
    .description("list, show, sum up and delete recorded tasks");

  tasks
    .command("list")
    .description("list tasks, newest first")
    .option(
      "--status <statuses>",
      `only these statuses, comma-separated (${TASK_STATUSES.join(", ")})`,
    )
    .option("--source <source>", `only tasks from ${TASK_SOURCES.join(", ")}`)
    .option("--search <text>", "only tasks whose prompt contains this text (case-insensitive)")
    .option(
      "--since <when>",
      "created at or after: 2026-01-31, 2026-01-31T12:00Z, or an age like 7d",
    )
    .option("--until <when>", "created before (a date includes that whole day)")
    .option("--sort <field>", `sort by ${TASK_SORT_FIELDS.join(", ")}`, "created_at")
    .option("--order <order>", "asc or desc", "desc")
    .option("--page <n>", "page number, from 1", "1")
    .option("--per-page <n>", "tasks per page, 1 to 500", "20")
    .option("--json", "print the page's tasks as a JSON array")
    .action(
      commandAction(exit, async (flags: TaskListFlags, command: Command) => {
        const query = parseTaskListFlags(flags);
        const page = await withStore(context, command, (store) => store.tasks.list(query));
        const lines = flags.json ? [JSON.stringify(page.items, null, 2)] : renderTaskTable(page);
        for (const line of lines) writeLine(context.stdout, line);
        return EXIT_CODES.success;
      }),
    );

  tasks
    .command("stats")
    .description("cost, success rate and model use over the last days")
    .option("--days <n>", "how many days back, today included (1 to 3650)", "30")
    .option("--json", "print the summaries as JSON")
    .action(
      commandAction(exit, async (flags: { days: string; json?: boolean }, command: Command) => {
        const days = parseIntegerFlag("--days", flags.days, { min: 1, max: 3650 });
        const stats = await withStore(context, command, async (store) => {
          const now = new Date();
          const [cost, performance, models] = await Promise.all([
            store.analytics.costSummary(days, now),
            store.analytics.performanceSummary({ days, now }),
            store.analytics.modelDistribution({ days, now }),
          ]);
          return { cost, performance, models };
        });
        const lines = flags.json ? [JSON.stringify(stats, null, 2)] : renderTaskStats(stats);
        for (const line of lines) writeLine(context.stdout, line);
        return EXIT_CODES.success;
      }),
    );

  tasks
    .command("show")
    .description("show a task with its plan, traces and execution results")
    .argument("<id>", "task id, or a unique prefix of it")
    .option("--json", "print the task as JSON")
    .action(
      commandAction(exit, async (id: string, flags: { json?: boolean }, command: Command) =>
        withStore(context, command, async (store) => {
          const resolved = await store.tasks.resolveId(id);
          const task = resolved === undefined ? undefined : await store.tasks.get(resolved);
          if (task === undefined) return reportMissing(context, id);
          const lines = flags.json ? [JSON.stringify(task, null, 2)] : renderTaskDetail(task);
          for (const line of lines) writeLine(context.stdout, line);
          return EXIT_CODES.success;
        }),
      ),
    );

  tasks
    .command("delete")
    .description("delete a task with its traces and execution results")
    .argument("<id>", "task id, or a unique prefix of it")
    .action(
      commandAction(exit, async (id: string, _flags: unknown, command: Command) =>
        withStore(context, command, async (store) => {
          const resolved = await store.tasks.resolveId(id);
          if (resolved === undefined || !(await store.tasks.delete(resolved))) {
            return reportMissing(context, id);
          }
          writeLine(context.stdout, `deleted task ${resolved}`);
          return EXIT_CODES.success;
        }),
      ),
    );
};
