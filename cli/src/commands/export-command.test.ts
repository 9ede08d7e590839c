import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore, parseSnapshot, SNAPSHOT_SCHEMA_VERSION } from "@codeforge/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";

describe("codeforge export", () => {
  let cwd: string;
  const env = { CODEFORGE_STORE_DATA_DIR: "pg", OPENAI_API_KEY: "sk-test-export-key-1234567890" };

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), "codeforge-export-"));
    const store = await openStore({ dataDir: "pg", cwd });
    try {
      const task = await store.tasks.create({
        prompt: "Reverse a string (key sk-test-export-key-1234567890)",
        source: "app",
        repo: "acme/secret-project",
      });
      await store.tasks.complete(task.id, {
        modelUsed: "openai/gpt-4o-mini",
        finalCode: "x[::-1]",
      });
      const run = await store.benchmarks.createRun({
        type: "mbpp",
        dataset: "mbpp.jsonl",
        modelConfig: {},
        maxRetries: 3,
        codeforgeVersion: "0.1.0",
        total: 1,
      });
      await store.benchmarks.saveResult(run.id, {
        problemId: "mbpp/11",
        passed: false,
        passedAfterRepair: true,
        retries: 1,
      });
      await store.benchmarks.finishRun(run.id, { status: "completed" });
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const context = captureContext({ env, cwd });
    const code = await runCli(args, context);
    return { code, output: context.output(), errors: context.errors() };
  };

  it("writes a snapshot the site's schema accepts, without code, private names or keys", async () => {
    const result = await run("export", "--out", "out/snapshot.json", "--label", "test data");

    expect(result.errors).toBe("");
    expect(result.code).toBe(EXIT_CODES.success);
    expect(result.output).toContain(`schema version ${SNAPSHOT_SCHEMA_VERSION}`);
    expect(result.output).toContain("1 benchmark run(s), 1 of 1 task(s)");
    const text = await readFile(path.join(cwd, "out/snapshot.json"), "utf8");
    const parsed = parseSnapshot(JSON.parse(text));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.snapshot.label).toBe("test data");
    expect(parsed.snapshot.benchmarkRuns[0]?.results[0]).toMatchObject({
      problemId: "mbpp/11",
      passedAfterRepair: true,
    });
    expect(text).not.toContain("acme/secret-project");
    expect(text).not.toContain("x[::-1]");
    expect(text).not.toContain("sk-test-export-key");
  }, 120_000);

  it("includes code and private fields when asked, and limits tasks", async () => {
    const result = await run(
      "export",
      "--out",
      "-",
      "--include-code",
      "--include-private",
      "--limit-tasks",
      "0",
    );

    expect(result.code).toBe(EXIT_CODES.success);
    const snapshot = JSON.parse(result.output);
    expect(snapshot.tasks).toEqual([]);
    expect(snapshot.totalTasks).toBe(1);
    expect(snapshot.options).toMatchObject({ includeCode: true, includePrivate: true });
  }, 120_000);

  it("prints the JSON Schema", async () => {
    const result = await run("export", "--schema");

    expect(result.code).toBe(EXIT_CODES.success);
    expect(JSON.parse(result.output).properties.schemaVersion.const).toBe(SNAPSHOT_SCHEMA_VERSION);
  });

  it("says what to do when --out is missing or a flag is wrong", async () => {
    const missing = await run("export");
    const badSince = await run("export", "--out", "x.json", "--since", "someday");

    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(missing.errors).toContain("needs --out FILE");
    expect(badSince.code).toBe(EXIT_CODES.usage);
    expect(badSince.errors).toContain("--since someday is not a date");
  });
});
