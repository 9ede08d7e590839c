import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestStore } from "../create-test-store.js";
import { StoreError } from "../store-error.js";
import type { TaskStatus } from "../task-records.js";

/**
 * The behaviour every store must have, whatever the database: run against PGlite always
 * and against a Postgres server when one is configured.
 */
export function describeStoreContract(name: string, open: () => Promise<TestStore>): void {
  describe(name, () => {
    let store: TestStore;

    beforeAll(async () => {
      store = await open();
    });
    beforeEach(async () => {
      await store.reset();
    });
    afterAll(async () => {
      await store?.close();
    });

    const setCreatedAt = async (id: string, createdAt: Date) => {
      await store.db.updateTable("tasks").set({ createdAt }).where("id", "=", id).execute();
    };

    describe("migrations", () => {
      it("has nothing pending and changes nothing when run again", async () => {
        expect(await store.pendingMigrations()).toEqual([]);

        const second = await store.migrate();

        expect(second).toEqual([]);
        expect(await store.pendingMigrations()).toEqual([]);
      });
    });

    describe("tasks", () => {
      it("creates a task with defaults and reads it back with numbers and dates", async () => {
        const created = await store.tasks.create({ prompt: "Reverse a string" });

        const read = await store.tasks.get(created.id);

        expect(read).toMatchObject({
          id: created.id,
          prompt: "Reverse a string",
          status: "pending",
          source: "cli",
          totalCostUsd: 0,
          totalTokens: 0,
          retryCount: 0,
          completedAt: null,
          traces: [],
          executionResults: [],
        });
        expect(read?.createdAt).toBeInstanceOf(Date);
      });

      it("records traces in step order and execution results in attempt order", async () => {
        const task = await store.tasks.create({ prompt: "sum a list", source: "benchmark" });
        const plan = { subtasks: [{ id: 1, estimated_complexity: "simple", dependencies: [] }] };

        await store.tasks.addTrace(task.id, {
          agent: "planner",
          input: { prompt: "sum a list" },
          output: plan,
          reasoning: "one step",
          inputTokens: 120,
          outputTokens: 40,
          costUsd: 0.000123,
          durationMs: 12.6,
          model: "openai/gpt-4o-mini",
        });
        await store.tasks.addTrace(task.id, { agent: "coder", output: ["a", "b"] });
        await store.tasks.addExecutionResult(task.id, {
          attempt: 2,
          exitCode: 0,
          stdout: "ok",
          durationMs: 30,
        });
        await store.tasks.addExecutionResult(task.id, {
          attempt: 1,
          exitCode: 1,
          stderr: "AssertionError",
          timedOut: false,
          truncated: true,
        });

        const read = await store.tasks.get(task.id);

        expect(read?.traces.map((trace) => [trace.agent, trace.stepOrder])).toEqual([
          ["planner", 1],
          ["coder", 2],
        ]);
        expect(read?.traces[0]).toMatchObject({
          output: plan,
          reasoning: "one step",
          inputTokens: 120,
          outputTokens: 40,
          costUsd: 0.000123,
          durationMs: 13,
          model: "openai/gpt-4o-mini",
        });
        expect(read?.traces[1]?.output).toEqual(["a", "b"]);
        expect(read?.executionResults.map((result) => [result.attempt, result.exitCode])).toEqual([
          [1, 1],
          [2, 0],
        ]);
        expect(read?.executionResults[0]).toMatchObject({
          stderr: "AssertionError",
          truncated: true,
        });
      });

      it("gives concurrent traces of one task distinct step numbers", async () => {
        const task = await store.tasks.create({ prompt: "parallel writers" });

        await Promise.all(
          Array.from({ length: 8 }, (_, index) =>
            store.tasks.addTrace(task.id, { agent: `agent-${index}` }),
          ),
        );

        const read = await store.tasks.get(task.id);
        expect(read?.traces.map((trace) => trace.stepOrder)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      });

      it("moves a task through its states and finishes it with its final fields", async () => {
        const task = await store.tasks.create({ prompt: "fizzbuzz" });

        const classifying = await store.tasks.updateStatus(task.id, "classifying", {
          complexity: "simple",
          modelUsed: "ollama/llama3:8b",
        });
        await store.tasks.updateStatus(task.id, "planning", { plan: [{ id: 1 }] });
        const done = await store.tasks.complete(task.id, {
          finalCode: "print('fizz')",
          finalTests: "assert True",
          finalOutput: "fizz\n",
          totalCostUsd: 0.012345,
          totalTokens: 2400,
          totalTimeMs: 1500,
          retryCount: 1,
        });

        expect(classifying).toMatchObject({ status: "classifying", complexity: "simple" });
        expect(done).toMatchObject({
          status: "completed",
          modelUsed: "ollama/llama3:8b",
          plan: [{ id: 1 }],
          finalCode: "print('fizz')",
          totalCostUsd: 0.012345,
          totalTokens: 2400,
          totalTimeMs: 1500,
          retryCount: 1,
        });
        expect(done.completedAt).toBeInstanceOf(Date);
        expect(done.updatedAt.getTime()).toBeGreaterThanOrEqual(task.updatedAt.getTime());
      });

      it("fails a task with its error trail", async () => {
        const task = await store.tasks.create({ prompt: "impossible" });

        const failed = await store.tasks.fail(
          task.id,
          "attempt 1: SyntaxError\nattempt 2: timeout",
          {
            retryCount: 3,
          },
        );

        expect(failed).toMatchObject({
          status: "failed",
          errorMessage: "attempt 1: SyntaxError\nattempt 2: timeout",
          retryCount: 3,
        });
      });

      it("says what to do when the task does not exist", async () => {
        const missing = "00000000-0000-4000-8000-000000000000";

        await expect(store.tasks.updateStatus(missing, "planning")).rejects.toThrow(StoreError);
        await expect(store.tasks.addTrace(missing, { agent: "planner" })).rejects.toThrow(
          /does not exist/,
        );
        await expect(
          store.tasks.addExecutionResult(missing, { attempt: 1, exitCode: 0 }),
        ).rejects.toThrow(StoreError);
        expect(await store.tasks.get(missing)).toBeUndefined();
        expect(await store.tasks.get("not-a-uuid")).toBeUndefined();
        expect(await store.tasks.delete("not-a-uuid")).toBe(false);
      });

      it("deletes a task with its traces and execution results", async () => {
        const task = await store.tasks.create({ prompt: "to delete" });
        const kept = await store.tasks.create({ prompt: "to keep" });
        await store.tasks.addTrace(task.id, { agent: "coder" });
        await store.tasks.addExecutionResult(task.id, { attempt: 1, exitCode: 0 });
        await store.tasks.addTrace(kept.id, { agent: "coder" });

        expect(await store.tasks.delete(task.id)).toBe(true);
        expect(await store.tasks.delete(task.id)).toBe(false);

        const traces = await store.db.selectFrom("agentTraces").select("taskId").execute();
        const executions = await store.db.selectFrom("executionResults").select("id").execute();
        expect(traces).toEqual([{ taskId: kept.id }]);
        expect(executions).toEqual([]);
      });

      it("resolves a unique id prefix", async () => {
        const task = await store.tasks.create({ prompt: "prefix" });

        expect(await store.tasks.resolveId(task.id.slice(0, 8))).toBe(task.id);
        expect(await store.tasks.resolveId(task.id.toUpperCase())).toBe(task.id);
        expect(await store.tasks.resolveId("zz")).toBeUndefined();
      });

      it("marks unfinished tasks interrupted and leaves finished ones alone", async () => {
        const running = await store.tasks.create({ prompt: "running", status: "executing" });
        const pending = await store.tasks.create({ prompt: "pending" });
        const done = await store.tasks.create({ prompt: "done" });
        await store.tasks.complete(done.id);

        const marked = await store.tasks.markInterrupted();

        expect(marked).toBe(2);
        for (const id of [running.id, pending.id]) {
          expect(await store.tasks.get(id)).toMatchObject({
            status: "failed",
            errorMessage: "interrupted",
          });
        }
        expect((await store.tasks.get(done.id))?.status).toBe("completed");
      });

      it("gives an interrupted task the totals its traces recorded", async () => {
        const spent = await store.tasks.create({ prompt: "killed mid-run", status: "coding" });
        await store.tasks.addTrace(spent.id, {
          agent: "planner",
          inputTokens: 100,
          outputTokens: 20,
          costUsd: 0.0012,
        });
        await store.tasks.addTrace(spent.id, {
          agent: "coder",
          inputTokens: 300,
          outputTokens: 80,
          costUsd: 0.0034,
        });
        const written = await store.tasks.create({ prompt: "wrote more", status: "executing" });
        await store.tasks.update(written.id, { totalTokens: 9000, totalCostUsd: 0.5 });
        await store.tasks.addTrace(written.id, { agent: "coder", inputTokens: 10, costUsd: 0.01 });
        const untraced = await store.tasks.create({ prompt: "no calls yet" });
        await store.db
          .updateTable("tasks")
          .set({ createdAt: new Date(Date.now() - 5000) })
          .where("id", "=", spent.id)
          .execute();

        await store.tasks.markInterrupted();

        const read = await store.tasks.get(spent.id);
        expect(read).toMatchObject({
          status: "failed",
          errorMessage: "interrupted",
          totalTokens: 500,
          totalCostUsd: 0.0046,
        });
        expect(read?.totalTimeMs).toBeGreaterThanOrEqual(4000);
        expect(await store.tasks.get(written.id)).toMatchObject({
          totalTokens: 9000,
          totalCostUsd: 0.5,
        });
        expect(await store.tasks.get(untraced.id)).toMatchObject({
          totalTokens: 0,
          totalCostUsd: 0,
        });
      });

      it("marks only stale tasks when given an age", async () => {
        const fresh = await store.tasks.create({ prompt: "fresh", status: "coding" });
        const stale = await store.tasks.create({ prompt: "stale", status: "coding" });
        await store.db
          .updateTable("tasks")
          .set({ updatedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) })
          .where("id", "=", stale.id)
          .execute();

        const marked = await store.tasks.markInterrupted({ olderThanMs: 60 * 60 * 1000 });

        expect(marked).toBe(1);
        expect((await store.tasks.get(fresh.id))?.status).toBe("coding");
        expect((await store.tasks.get(stale.id))?.status).toBe("failed");
      });
    });

    describe("text the database cannot hold as is", () => {
      // NUL is refused by Postgres text and jsonb; a lone surrogate cannot be encoded in UTF-8.
      const nul = "\u0000";
      const lone = "\ud83d";

      it("stores a prompt, program output and final fields with NUL and lone surrogates escaped", async () => {
        const task = await store.tasks.create({ prompt: `print a NUL ${nul} and ${lone}` });
        await store.tasks.addExecutionResult(task.id, {
          attempt: 1,
          code: `print("${nul}")`,
          tests: `assert "${lone}"`,
          exitCode: 0,
          stdout: `before${nul}after`,
          stderr: `bad ${lone} half`,
        });
        await store.tasks.complete(task.id, {
          finalCode: `x = "${nul}"`,
          finalTests: `# ${lone}`,
          finalOutput: `out${nul}`,
          plan: [{ description: `step ${nul}` }],
        });
        const failed = await store.tasks.create({ prompt: "fails" });
        await store.tasks.fail(failed.id, `stderr: ${nul}${lone}`);

        const read = await store.tasks.get(task.id);
        const found = await store.tasks.list({ search: `NUL ${nul}` });

        expect(read).toMatchObject({
          prompt: "print a NUL \\u0000 and \\ud83d",
          status: "completed",
          finalCode: 'x = "\\u0000"',
          finalTests: "# \\ud83d",
          finalOutput: "out\\u0000",
          plan: [{ description: "step \\u0000" }],
        });
        expect(read?.executionResults[0]).toMatchObject({
          code: 'print("\\u0000")',
          tests: 'assert "\\ud83d"',
          stdout: "before\\u0000after",
          stderr: "bad \\ud83d half",
        });
        expect((await store.tasks.get(failed.id))?.errorMessage).toBe("stderr: \\u0000\\ud83d");
        expect(found.items.map((each) => each.id)).toEqual([task.id]);
      });

      it("stores traces, their JSON included, with NUL and lone surrogates escaped", async () => {
        const task = await store.tasks.create({ prompt: "trace" });

        await store.tasks.addTrace(task.id, {
          agent: "coder",
          input: { prompt: `a${nul}b`, [`key${nul}`]: [lone, 1] },
          output: `plain ${nul} string`,
          reasoning: `because ${lone}`,
          model: `m${nul}`,
        });

        const [trace] = (await store.tasks.get(task.id))?.traces ?? [];
        expect(trace).toMatchObject({
          input: { prompt: "a\\u0000b", "key\\u0000": ["\\ud83d", 1] },
          output: "plain \\u0000 string",
          reasoning: "because \\ud83d",
          model: "m\\u0000",
        });
      });

      it("stores benchmark runs and results with NUL and lone surrogates escaped", async () => {
        const run = await store.benchmarks.createRun({
          type: "humaneval",
          dataset: `data${nul}`,
          modelConfig: { simple: `model${lone}` },
          settings: { ids: [`id${nul}`] },
          maxRetries: 1,
          codeforgeVersion: "0.1.0",
          commandLine: `codeforge bench ${nul}`,
          total: 1,
        });
        await store.benchmarks.saveResult(run.id, {
          problemId: `HumanEval/${nul}`,
          passed: false,
          passedAfterRepair: false,
          firstCode: `print("${nul}")`,
          finalCode: `print("${lone}")`,
          error: `hidden test stderr: ${nul}${lone}`,
        });
        await store.benchmarks.finishRun(run.id, {
          status: "interrupted",
          stopReason: `stopped ${nul}`,
        });

        const read = await store.benchmarks.getRun(run.id);

        expect(read).toMatchObject({
          dataset: "data\\u0000",
          modelConfig: { simple: "model\\ud83d" },
          settings: { ids: ["id\\u0000"] },
          commandLine: "codeforge bench \\u0000",
          stopReason: "stopped \\u0000",
        });
        expect(read?.results[0]).toMatchObject({
          problemId: "HumanEval/\\u0000",
          firstCode: 'print("\\u0000")',
          finalCode: 'print("\\ud83d")',
          error: "hidden test stderr: \\u0000\\ud83d",
        });
      });
    });

    describe("task list", () => {
      const seed = async () => {
        const rows: [string, TaskStatus, number, number, string][] = [
          ["Parse a CSV file", "completed", 0.3, 4000, "2026-01-01T10:00:00Z"],
          ["Sort numbers FAST", "failed", 0.1, 9000, "2026-01-02T10:00:00Z"],
          ["Compute 100% of a sum_total", "completed", 0.2, 1000, "2026-01-03T10:00:00Z"],
          ["Reverse a string", "coding", 0, 0, "2026-01-04T10:00:00Z"],
        ];
        const ids: string[] = [];
        for (const [prompt, status, cost, time, createdAt] of rows) {
          const task = await store.tasks.create({ prompt, status });
          await store.tasks.update(task.id, { totalCostUsd: cost, totalTimeMs: time });
          await setCreatedAt(task.id, new Date(createdAt));
          ids.push(task.id);
        }
        return ids;
      };

      it("pages newest first by default", async () => {
        await seed();

        const first = await store.tasks.list({ perPage: 3 });
        const second = await store.tasks.list({ perPage: 3, page: 2 });

        expect(first.items.map((task) => task.prompt)).toEqual([
          "Reverse a string",
          "Compute 100% of a sum_total",
          "Sort numbers FAST",
        ]);
        expect(first).toMatchObject({ total: 4, page: 1, perPage: 3, totalPages: 2 });
        expect(second.items.map((task) => task.prompt)).toEqual(["Parse a CSV file"]);
      });

      it("filters by status, text and date range", async () => {
        await seed();

        const completed = await store.tasks.list({ status: "completed" });
        const finished = await store.tasks.list({ status: ["completed", "failed"] });
        const search = await store.tasks.list({ search: "fast" });
        const literal = await store.tasks.list({ search: "100%" });
        const underscore = await store.tasks.list({ search: "s_m" });
        const range = await store.tasks.list({
          since: new Date("2026-01-02T00:00:00Z"),
          until: new Date("2026-01-04T00:00:00Z"),
        });

        expect(completed.total).toBe(2);
        expect(finished.total).toBe(3);
        expect(search.items.map((task) => task.prompt)).toEqual(["Sort numbers FAST"]);
        expect(literal.items.map((task) => task.prompt)).toEqual(["Compute 100% of a sum_total"]);
        expect(underscore.total).toBe(0);
        expect(range.items.map((task) => task.prompt)).toEqual([
          "Compute 100% of a sum_total",
          "Sort numbers FAST",
        ]);
      });

      it("sorts by cost and by duration in either order", async () => {
        await seed();

        const byCost = await store.tasks.list({ sort: "cost", order: "asc" });
        const byDuration = await store.tasks.list({ sort: "duration", order: "desc" });

        expect(byCost.items.map((task) => task.totalCostUsd)).toEqual([0, 0.1, 0.2, 0.3]);
        expect(byDuration.items.map((task) => task.totalTimeMs)).toEqual([9000, 4000, 1000, 0]);
      });

      it("returns an empty page on an empty store and rejects a bad page size", async () => {
        const empty = await store.tasks.list();

        expect(empty).toEqual({ items: [], total: 0, page: 1, perPage: 20, totalPages: 0 });
        await expect(store.tasks.list({ perPage: 0 })).rejects.toThrow(/perPage/);
      });
    });

    describe("transactions", () => {
      it("leaves no half-written rows when the work throws", async () => {
        let createdId = "";

        await expect(
          store.transaction(async (tx) => {
            const task = await tx.tasks.create({ prompt: "half written" });
            createdId = task.id;
            await tx.tasks.addTrace(task.id, { agent: "planner" });
            await tx.tasks.addExecutionResult(task.id, { attempt: 1, exitCode: 0 });
            throw new Error("crash in the middle");
          }),
        ).rejects.toThrow("crash in the middle");

        expect(createdId).not.toBe("");
        expect(await store.tasks.get(createdId)).toBeUndefined();
        const counts = await sql<{
          traces: string | number;
          executions: string | number;
        }>`select (select count(*) from agent_traces) as traces, (select count(*) from execution_results) as executions`.execute(
          store.db,
        );
        expect(counts.rows[0]).toMatchObject({ traces: expect.anything() });
        expect(Number(counts.rows[0]?.traces)).toBe(0);
        expect(Number(counts.rows[0]?.executions)).toBe(0);
      });

      it("commits every write of the work together", async () => {
        const task = await store.transaction(async (tx) => {
          const created = await tx.tasks.create({ prompt: "together" });
          await tx.tasks.addTrace(created.id, { agent: "coder" });
          await tx.tasks.updateStatus(created.id, "executing");
          return created;
        });

        const read = await store.tasks.get(task.id);
        expect(read?.status).toBe("executing");
        expect(read?.traces).toHaveLength(1);
      });
    });

    describe("benchmarks", () => {
      const newRun = (type = "humaneval") => ({
        type,
        dataset: "HumanEval.jsonl.gz",
        datasetChecksum: "sha256:abc",
        modelConfig: { simple: { provider: "openai", model: "gpt-4o-mini" } },
        settings: { limit: 3, concurrency: 2 },
        temperature: 0.2,
        maxRetries: 3,
        codeforgeVersion: "0.1.0",
        gitCommit: "deadbeef",
        commandLine: "codeforge bench --type humaneval --limit 3",
        total: 3,
      });

      it("records a run, upserts results and summarises it when it finishes", async () => {
        const run = await store.benchmarks.createRun(newRun());
        await store.benchmarks.saveResult(run.id, {
          problemId: "HumanEval/0",
          passed: false,
          passedAfterRepair: false,
          error: "first try",
        });
        await store.benchmarks.saveResult(run.id, {
          problemId: "HumanEval/0",
          passed: true,
          passedAfterRepair: true,
          retries: 0,
          costUsd: 0.01,
          timeMs: 1000,
        });
        await store.benchmarks.saveResult(run.id, {
          problemId: "HumanEval/1",
          passed: false,
          passedAfterRepair: true,
          retries: 2,
          firstCode: "def f(): return 0",
          finalCode: "def f(): return 1",
          costUsd: 0.03,
          timeMs: 3000,
        });

        const running = await store.benchmarks.getRun(run.id);
        const finished = await store.benchmarks.finishRun(run.id, { status: "completed" });
        const detail = await store.benchmarks.getRun(run.id);

        expect(running).toMatchObject({ status: "running", passed: 1, passedAfterRepair: 2 });
        expect(running?.totalCostUsd).toBeCloseTo(0.04, 10);
        expect(finished).toMatchObject({
          status: "completed",
          total: 3,
          passed: 1,
          passedAfterRepair: 2,
          passAt1: 0.5,
          passAt1Repair: 1,
          avgRetries: 1,
          totalTimeMs: 4000,
          temperature: 0.2,
          modelConfig: { simple: { provider: "openai", model: "gpt-4o-mini" } },
          settings: { limit: 3, concurrency: 2 },
        });
        expect(finished.finishedAt).toBeInstanceOf(Date);
        expect(detail?.results.map((result) => [result.problemId, result.error])).toEqual([
          ["HumanEval/0", null],
          ["HumanEval/1", null],
        ]);
        expect(detail?.results[1]).toMatchObject({ firstCode: "def f(): return 0", retries: 2 });
      });

      it("finds a run's results for resuming and lists runs newest first", async () => {
        const older = await store.benchmarks.createRun(newRun("mbpp"));
        await store.db
          .updateTable("benchmarkRuns")
          .set({ startedAt: new Date("2026-01-01T00:00:00Z") })
          .where("id", "=", older.id)
          .execute();
        const newer = await store.benchmarks.createRun(newRun("humaneval"));
        await store.benchmarks.saveResult(older.id, {
          problemId: "11",
          passed: true,
          passedAfterRepair: true,
        });
        await store.benchmarks.finishRun(older.id, {
          status: "interrupted",
          stopReason: "budget exceeded",
        });

        const all = await store.benchmarks.listRuns();
        const mbpp = await store.benchmarks.listRuns({ type: "mbpp" });
        const done = await store.benchmarks.findResults(older.id);

        expect(all.map((run) => run.id)).toEqual([newer.id, older.id]);
        expect(mbpp).toHaveLength(1);
        expect(mbpp[0]).toMatchObject({ status: "interrupted", stopReason: "budget exceeded" });
        expect(done.map((result) => result.problemId)).toEqual(["11"]);
      });

      it("deletes a run with its results and marks running runs interrupted", async () => {
        const gone = await store.benchmarks.createRun(newRun());
        const left = await store.benchmarks.createRun(newRun());
        await store.benchmarks.saveResult(gone.id, {
          problemId: "HumanEval/0",
          passed: true,
          passedAfterRepair: true,
        });

        expect(await store.benchmarks.deleteRun(gone.id)).toBe(true);
        const marked = await store.benchmarks.markInterrupted();

        expect(await store.db.selectFrom("benchmarkResults").select("id").execute()).toEqual([]);
        expect(marked).toBe(1);
        expect((await store.benchmarks.getRun(left.id))?.status).toBe("interrupted");
      });

      it("says what to do when the run does not exist", async () => {
        const missing = "00000000-0000-4000-8000-000000000000";

        await expect(
          store.benchmarks.saveResult(missing, {
            problemId: "x",
            passed: true,
            passedAfterRepair: true,
          }),
        ).rejects.toThrow(/benchmark run .* does not exist/);
        await expect(store.benchmarks.finishRun(missing, { status: "completed" })).rejects.toThrow(
          StoreError,
        );
      });
    });

    describe("analytics", () => {
      const now = new Date("2026-03-10T12:00:00Z");

      const seedTask = async (
        model: string | null,
        status: TaskStatus,
        cost: number,
        createdAt: string,
        extra: { totalTimeMs?: number; retryCount?: number } = {},
      ) => {
        const task = await store.tasks.create({
          prompt: `${model} task`,
          modelUsed: model,
          status,
        });
        await store.tasks.update(task.id, { totalCostUsd: cost, totalTokens: 100, ...extra });
        await setCreatedAt(task.id, new Date(createdAt));
        return task;
      };

      it("summarises cost by model, by agent and per day over the window", async () => {
        const first = await seedTask("openai/gpt-4o", "completed", 0.5, "2026-03-10T08:00:00Z");
        await seedTask("openai/gpt-4o-mini", "completed", 0.1, "2026-03-08T23:30:00Z");
        await seedTask("openai/gpt-4o", "failed", 0.25, "2026-03-08T01:00:00Z");
        await seedTask("openai/gpt-4o", "completed", 9, "2026-02-01T00:00:00Z");
        await store.tasks.addTrace(first.id, { agent: "coder", costUsd: 0.3, inputTokens: 50 });
        await store.tasks.addTrace(first.id, { agent: "planner", costUsd: 0.2, outputTokens: 20 });
        await store.tasks.addTrace(first.id, { agent: "coder", costUsd: 0.1, outputTokens: 5 });

        const summary = await store.analytics.costSummary(3, now);

        expect(summary.since).toEqual(new Date("2026-03-08T00:00:00Z"));
        expect(summary.totalCostUsd).toBeCloseTo(0.85, 10);
        expect(summary.tasks).toBe(3);
        expect(summary.totalTokens).toBe(300);
        expect(summary.byModel).toEqual([
          { model: "openai/gpt-4o", costUsd: 0.75, tokens: 200, tasks: 2 },
          { model: "openai/gpt-4o-mini", costUsd: 0.1, tokens: 100, tasks: 1 },
        ]);
        expect(summary.byAgent).toEqual([
          { agent: "coder", costUsd: 0.4, tokens: 55, calls: 2 },
          { agent: "planner", costUsd: 0.2, tokens: 20, calls: 1 },
        ]);
        expect(summary.daily).toEqual([
          { date: "2026-03-08", costUsd: 0.35, tasks: 2 },
          { date: "2026-03-09", costUsd: 0, tasks: 0 },
          { date: "2026-03-10", costUsd: 0.5, tasks: 1 },
        ]);
      });

      it("summarises performance and counts every status", async () => {
        await seedTask("a", "completed", 0, "2026-03-10T00:00:00Z", { totalTimeMs: 1000 });
        await seedTask("a", "completed", 0, "2026-03-10T00:00:00Z", {
          totalTimeMs: 3000,
          retryCount: 2,
        });
        await seedTask("b", "failed", 0, "2026-03-10T00:00:00Z", {
          totalTimeMs: 5000,
          retryCount: 3,
        });
        await seedTask("b", "coding", 0, "2026-03-10T00:00:00Z", { totalTimeMs: 99_999 });

        const summary = await store.analytics.performanceSummary();

        expect(summary.totalTasks).toBe(4);
        expect(summary.successRate).toBeCloseTo(2 / 3, 10);
        expect(summary.avgTimeMs).toBe(3000);
        expect(summary.avgRetries).toBeCloseTo(5 / 3, 10);
        expect(summary.byStatus).toMatchObject({ completed: 2, failed: 1, coding: 1, pending: 0 });
        expect(Object.keys(summary.byStatus)).toHaveLength(9);
      });

      it("gives each model's count and share", async () => {
        await seedTask("ollama/llama3:8b", "completed", 0, "2026-03-10T00:00:00Z");
        await seedTask("ollama/llama3:8b", "completed", 0, "2026-03-10T00:00:00Z");
        await seedTask("openai/gpt-4o", "completed", 0, "2026-03-10T00:00:00Z");
        await seedTask(null, "pending", 0, "2026-03-10T00:00:00Z");

        const distribution = await store.analytics.modelDistribution();

        expect(distribution).toEqual([
          { model: "ollama/llama3:8b", count: 2, percentage: 66.67 },
          { model: "openai/gpt-4o", count: 1, percentage: 33.33 },
        ]);
        expect(await store.analytics.performanceSummary({ days: 1, now })).toMatchObject({
          totalTasks: 4,
        });
        expect(
          await store.analytics.modelDistribution({ days: 1, now: new Date("2026-04-01") }),
        ).toEqual([]);
      });
    });
  });
}
