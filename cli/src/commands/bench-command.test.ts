import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostPythonExecutor } from "@codeforge/benchmarks";
import { CostTracker, createPricing, type Store } from "@codeforge/core";
import {
  createScriptedModel,
  createTestStore,
  requireService,
  type ScriptedReply,
  type TestStore,
} from "@codeforge/core/testing";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { BENCH_IDS, BENCH_SCRIPT as SCRIPT } from "../test-support/bench-script.js";
import { captureContext } from "../test-support/capture-context.js";
import { createBenchCommand, progressBar } from "./bench-command.js";

const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

describe.skipIf(!python.available)(`codeforge bench ${python.reason}`, () => {
  let store: TestStore;
  let cwd: string;

  beforeEach(async () => {
    store = await createTestStore();
    cwd = await mkdtemp(join(tmpdir(), "codeforge-bench-cli-"));
    // Every task counts as simple: one coder call each, no planner, as the script expects.
    await writeFile(
      join(cwd, "codeforge.yml"),
      "routing:\n  simpleThreshold: 0.99\n  complexThreshold: 1\n",
    );
  });
  afterEach(async () => {
    await store.close();
  });

  async function bench(args: string[], replies: readonly ScriptedReply[]) {
    const context = captureContext({ cwd });
    const exit: ExitCodeBox = { code: EXIT_CODES.success };
    const program = new Command("codeforge").exitOverride();
    const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
    const executor = createHostPythonExecutor();
    createBenchCommand({
      wiring: {
        models: async () => ({ model }),
        executor: () => executor,
        costTracker: (config) =>
          new CostTracker({
            pricing: createPricing(config.pricing),
            baselineModel: config.routing.baselineModel,
          }),
      },
      // The command closes its store; this one stays open for the assertions.
      openStore: async () =>
        Object.assign(Object.create(store) as Store, { close: async () => {} }),
      createEvaluator: () => executor,
    })(program, context, exit);
    const error = await program.parseAsync(["bench", ...args], { from: "user" }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return { context, exit, error, model, lines: context.output().trimEnd().split("\n") };
  }

  const IDS = BENCH_IDS;

  it("reports pass@1 and pass@1 after repair, stores the run with what reproduces it, writes JSON", async () => {
    const { error, exit, lines, context } = await bench([...IDS, "--output", "runs"], SCRIPT);
    expect(error).toBeUndefined();
    expect(exit.code).toBe(EXIT_CODES.success);
    expect(lines[1]).toBe("pass@1: 0.5000 · pass@1 after repair: 1.0000");
    expect(context.errors()).toContain(
      "[bench custom] 1/2 alg_merge_intervals: first fail, final pass",
    );

    const [run] = await store.benchmarks.listRuns();
    expect(run).toMatchObject({
      type: "custom",
      status: "completed",
      total: 2,
      passAt1: 0.5,
      passAt1Repair: 1,
      repairEnabled: true,
      maxRetries: 3,
      codeforgeVersion: expect.any(String),
      commandLine: expect.stringContaining("--ids alg_edit_distance,alg_merge_intervals"),
      modelConfig: expect.objectContaining({ medium: "openai/gpt-4o-mini" }),
    });
    expect(run?.datasetChecksum).toMatch(/^[0-9a-f]{64}$/);
    const detail = await store.benchmarks.getRun(run?.id ?? "");
    // Each result points at the pipeline task recorded for it.
    expect(detail?.results.every((result) => result.taskId !== null)).toBe(true);
    const written = JSON.parse(
      await readFile(join(cwd, "runs", `bench-custom-${run?.id}.json`), "utf8"),
    );
    expect(written.results).toHaveLength(2);
  }, 120_000);

  it("stops at the budget, then --resume finishes the run without redoing finished problems", async () => {
    const stopped = await bench([...IDS, "--budget-usd", "0.000000001"], SCRIPT.slice(0, 2));
    expect(stopped.error).toBeUndefined();
    const [run] = await store.benchmarks.listRuns();
    expect(stopped.lines.at(-1)).toBe(
      `stopped: budget exceeded; finish it with codeforge bench --resume ${run?.id}`,
    );
    expect(run).toMatchObject({ status: "interrupted", stopReason: "budget exceeded" });

    const resumed = await bench(["--resume", run?.id ?? ""], SCRIPT.slice(2));
    expect(resumed.error).toBeUndefined();
    expect(resumed.model.requests).toHaveLength(1);
    expect(resumed.model.requests[0]?.prompt).toContain("edit_distance");
    expect(resumed.lines[1]).toBe("pass@1: 0.5000 · pass@1 after repair: 1.0000");
    expect((await store.benchmarks.getRun(run?.id ?? ""))?.status).toBe("completed");
  }, 120_000);

  it("draws a progress bar", () => {
    expect(progressBar(0, 4, 8)).toBe("[--------]");
    expect(progressBar(1, 4, 8)).toBe("[##------]");
    expect(progressBar(4, 4, 8)).toBe("[########]");
  });

  it.each([
    [
      ["--type", "apps"],
      '--type must be one of humaneval, humaneval-plus, mbpp, custom, all, not "apps"',
    ],
    [["--type", "custom", "--ids", "nope"], "--ids names problems custom does not have: nope"],
    [["--budget-usd", "-1"], "--budget-usd must be an amount above 0"],
    [["--resume", "0b6c3a53-0000-4000-8000-000000000000"], "There is no benchmark run"],
  ])("refuses %j", async (args, message) => {
    const { error } = await bench(args, []);
    expect(String((error as Error).message)).toContain(message);
  });
});
