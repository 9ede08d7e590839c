import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore, UsageError } from "@codeforge/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";
import { formatDuration, parseTaskListFlags } from "./tasks-command.js";

describe("parseTaskListFlags", () => {
  const now = new Date("2026-03-10T12:00:00Z");

  it("turns flags into a query", () => {
    const query = parseTaskListFlags(
      {
        status: "completed, failed",
        source: "app",
        search: "csv",
        since: "7d",
        until: "2026-03-09",
        sort: "cost",
        order: "asc",
        page: "2",
        perPage: "50",
      },
      now,
    );

    expect(query).toEqual({
      status: ["completed", "failed"],
      source: "app",
      search: "csv",
      since: new Date("2026-03-03T12:00:00Z"),
      until: new Date("2026-03-10T00:00:00Z"),
      sort: "cost",
      order: "asc",
      page: 2,
      perPage: 50,
    });
    expect(parseTaskListFlags({ since: "2026-03-01T08:30:00Z" }, now).since).toEqual(
      new Date("2026-03-01T08:30:00Z"),
    );
  });

  it("names the flag and what it accepts when a value is wrong", () => {
    expect(() => parseTaskListFlags({ status: "done" })).toThrow(UsageError);
    expect(() => parseTaskListFlags({ status: "done" })).toThrow(
      "--status done is not valid: use one of pending, classifying",
    );
    expect(() => parseTaskListFlags({ perPage: "0" })).toThrow("between 1 and 500");
    expect(() => parseTaskListFlags({ page: "1.5" })).toThrow(
      '--page must be a whole number of at least 1, not "1.5"',
    );
    expect(() => parseTaskListFlags({ since: "last tuesday" })).toThrow(
      "--since last tuesday is not a date",
    );
    expect(() => parseTaskListFlags({ sort: "name" })).toThrow("created_at, cost, duration");
  });

  it("formats durations for people", () => {
    expect([formatDuration(850), formatDuration(12_340), formatDuration(245_000)]).toEqual([
      "850ms",
      "12.3s",
      "4m 05s",
    ]);
  });
});

describe("codeforge tasks", () => {
  let cwd: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), "codeforge-tasks-"));
    env = { CODEFORGE_STORE_DATA_DIR: "pg" };
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const context = captureContext({ env, cwd });
    const code = await runCli(args, context);
    return { code, output: context.output(), errors: context.errors() };
  };

  it("prints [] for an empty store", async () => {
    const result = await run("tasks", "list", "--json");

    expect(result.errors).toBe("");
    expect(result.code).toBe(EXIT_CODES.success);
    expect(JSON.parse(result.output)).toEqual([]);
  }, 120_000);

  it("lists, shows and deletes recorded tasks", async () => {
    const store = await openStore({ dataDir: "pg", cwd });
    const done = await store.tasks.create({ prompt: "Parse a CSV file and sum a column" });
    await store.tasks.addTrace(done.id, {
      agent: "planner",
      model: "openai/gpt-4o-mini",
      inputTokens: 300,
      outputTokens: 80,
      costUsd: 0.0002,
      durationMs: 900,
    });
    await store.tasks.addExecutionResult(done.id, {
      attempt: 1,
      exitCode: 1,
      stderr: "AssertionError: expected 6",
      durationMs: 120,
    });
    await store.tasks.addExecutionResult(done.id, {
      attempt: 2,
      exitCode: 0,
      stdout: "6\n",
      durationMs: 110,
    });
    await store.tasks.complete(done.id, {
      modelUsed: "openai/gpt-4o-mini",
      finalCode: "def total(rows):\n    return sum(rows)",
      totalCostUsd: 0.0123,
      totalTimeMs: 4200,
      retryCount: 1,
    });
    const failed = await store.tasks.create({ prompt: "Write a web crawler" });
    await store.tasks.fail(failed.id, "retries exhausted");
    await store.close();

    const table = await run("tasks", "list");
    const onlyFailed = await run("tasks", "list", "--status", "failed", "--json");
    const shown = await run("tasks", "show", done.id.slice(0, 8));
    const shownJson = await run("tasks", "show", done.id, "--json");
    const deleted = await run("tasks", "delete", done.id);
    const missing = await run("tasks", "show", done.id);

    expect(table.code).toBe(EXIT_CODES.success);
    const [header, ...rows] = table.output.split("\n");
    expect(header).toMatch(/^ID\s+STATUS\s+COST\s+TIME\s+RETRIES\s+MODEL\s+CREATED\s+PROMPT$/);
    expect(rows[0]).toMatch(new RegExp(`^${failed.id.slice(0, 8)}\\s+failed\\s+\\$0\\.0000`));
    expect(rows[1]).toMatch(
      new RegExp(
        `^${done.id.slice(0, 8)}\\s+completed\\s+\\$0\\.0123\\s+4\\.2s\\s+1\\s+openai/gpt-4o-mini\\s+.*Parse a CSV file`,
      ),
    );
    expect(table.output).toContain("page 1 of 1 (2 task(s))");

    expect(JSON.parse(onlyFailed.output)).toMatchObject([
      { id: failed.id, status: "failed", errorMessage: "retries exhausted" },
    ]);

    expect(shown.code).toBe(EXIT_CODES.success);
    expect(shown.output).toContain(`task ${done.id}`);
    expect(shown.output).toContain("def total(rows):");
    expect(shown.output).toMatch(/1\s+planner\s+openai\/gpt-4o-mini\s+300\/80\s+\$0\.0002\s+900ms/);
    expect(shown.output).toContain("attempt 1: exit 1 in 120ms");
    expect(shown.output).toContain("AssertionError: expected 6");
    expect(shown.output).toContain("attempt 2: exit 0 in 110ms");

    const detail = JSON.parse(shownJson.output);
    expect(detail).toMatchObject({ id: done.id, totalCostUsd: 0.0123, retryCount: 1 });
    expect(detail.traces).toHaveLength(1);
    expect(detail.executionResults.map((result: { attempt: number }) => result.attempt)).toEqual([
      1, 2,
    ]);

    expect(deleted).toMatchObject({
      code: EXIT_CODES.success,
      output: `deleted task ${done.id}\n`,
    });
    expect(missing.code).toBe(EXIT_CODES.failure);
    expect(missing.errors).toContain(`no task with id ${done.id}`);
  }, 240_000);

  it("sums up cost, success and model use", async () => {
    const store = await openStore({ dataDir: "pg", cwd });
    await store.db.deleteFrom("tasks").execute();
    const cheap = await store.tasks.create({ prompt: "a", modelUsed: "ollama/llama3:8b" });
    await store.tasks.addTrace(cheap.id, { agent: "coder", costUsd: 0, outputTokens: 50 });
    await store.tasks.complete(cheap.id, { totalTimeMs: 1000, totalTokens: 50 });
    const dear = await store.tasks.create({ prompt: "b", modelUsed: "openai/gpt-4o" });
    await store.tasks.addTrace(dear.id, { agent: "planner", costUsd: 0.01, inputTokens: 200 });
    await store.tasks.addTrace(dear.id, { agent: "coder", costUsd: 0.02, inputTokens: 300 });
    await store.tasks.fail(dear.id, "retries exhausted", {
      totalCostUsd: 0.03,
      totalTimeMs: 3000,
      retryCount: 3,
      totalTokens: 500,
    });
    await store.close();

    const text = await run("tasks", "stats", "--days", "7");
    const json = await run("tasks", "stats", "--json");
    const bad = await run("tasks", "stats", "--days", "0");

    expect(text.code).toBe(EXIT_CODES.success);
    const lines = text.output.split("\n");
    expect(lines[0]).toBe("last 7 day(s): 2 task(s), $0.0300, 550 tokens");
    expect(lines[1]).toBe("success rate 50.0% of 2 finished · average 2.0s · 1.50 retries");
    expect(lines[2]).toBe("by status: completed 1 · failed 1");
    expect(text.output).toMatch(/cost by model:\n\s+openai\/gpt-4o\s+\$0\.0300\s+1 task\(s\)/);
    expect(text.output).toMatch(/cost by agent:\n\s+coder\s+\$0\.0200\s+2 call\(s\)\s+350 tokens/);
    expect(text.output).toMatch(/model use:\n\s+ollama\/llama3:8b\s+1\s+50\.00%/);
    const stats = JSON.parse(json.output);
    expect(stats.cost.days).toBe(30);
    expect(stats.cost.daily).toHaveLength(30);
    expect(stats.performance).toMatchObject({ totalTasks: 2, successRate: 0.5 });
    expect(stats.models).toHaveLength(2);
    expect(bad.code).toBe(EXIT_CODES.usage);
    expect(bad.errors).toContain('--days must be a whole number between 1 and 3650, not "0"');
  }, 240_000);

  it("exits 2 on a bad filter without touching the store", async () => {
    const result = await run("tasks", "list", "--status", "finished");

    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.errors).toContain("--status finished is not valid");
  });
});
