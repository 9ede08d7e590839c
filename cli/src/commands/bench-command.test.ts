import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHostPythonExecutor } from "@codeforge/benchmarks/baseline";
import { BENCH_SCRIPT_PROBLEM_IDS, BENCH_SCRIPT as SCRIPT } from "@codeforge/benchmarks/testing";
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
import { createCliParts } from "../cli-parts.js";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { captureContext } from "../test-support/capture-context.js";
import { type BenchCommandOptions, createBenchCommand } from "./bench-command.js";
import { resolveCodeforgeRevision } from "./bench-command-revision.js";

const SHARED_DATASETS =
  process.env.CODEFORGE_DATA_DIR ??
  fileURLToPath(new URL("../../../../shared/datasets/", import.meta.url));

/** The agent's answers to the first problem of HumanEval, MBPP and custom, in that order. */
const ALL_TYPES_SCRIPT: readonly ScriptedReply[] = [
  {
    object: {
      code: "def has_close_elements(numbers, threshold):\n    ordered = sorted(numbers)\n    return any(b - a < threshold for a, b in zip(ordered, ordered[1:]))\n",
      tests:
        "assert has_close_elements([1.0, 2.8, 3.0], 0.3)\nassert not has_close_elements([1.0, 2.0], 0.5)",
      imports: [],
      explanation: "neighbours after sorting",
    },
  },
  {
    object: {
      code: "def remove_Occ(text, char):\n    text = text.replace(char, '', 1)\n    index = text.rfind(char)\n    return text if index < 0 else text[:index] + text[index + 1:]\n",
      tests: 'assert remove_Occ("hello", "l") == "heo"',
      imports: [],
      explanation: "drop the first and the last",
    },
  },
];

/** The lines a terminal shows after printing `text`: `\r` returns to the line's start. */
function terminalScreen(text: string): string[] {
  const screen: string[][] = [[]];
  let column = 0;
  for (const char of text) {
    if (char === "\r") column = 0;
    else if (char === "\n") {
      screen.push([]);
      column = 0;
    } else {
      (screen.at(-1) as string[])[column] = char;
      column += 1;
    }
  }
  return screen.map((line) => line.join("").trimEnd()).filter((line) => line !== "");
}

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

  async function bench(
    args: string[],
    replies: readonly ScriptedReply[],
    options: { tty?: boolean; signal?: AbortSignal } & BenchCommandOptions = {},
  ) {
    const context = captureContext({
      cwd,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (options.tty === true) Object.assign(context.stderr, { isTTY: true });
    const exit: ExitCodeBox = { code: EXIT_CODES.success };
    const program = new Command("codeforge").exitOverride();
    const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
    const executor = createHostPythonExecutor();
    createBenchCommand(
      createCliParts({
        models: async () => ({ model }),
        executor: () => executor,
        costTracker: (config) =>
          new CostTracker({
            pricing: createPricing(config.pricing),
            baselineModel: config.routing.baselineModel,
          }),
        // The command closes its store; this one stays open for the assertions.
        openStore: async () =>
          Object.assign(Object.create(store) as Store, { close: async () => {} }),
        createEvaluator: () => executor,
      }),
      options.revision === undefined ? {} : { revision: options.revision },
    )(program, context, exit);
    const error = await program.parseAsync(["bench", ...args], { from: "user" }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return { context, exit, error, model, lines: context.output().trimEnd().split("\n") };
  }

  const IDS = ["--type", "custom", "--ids", BENCH_SCRIPT_PROBLEM_IDS.join(",")];

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
      commandLine: expect.stringContaining("--ids alg_merge_intervals,alg_edit_distance"),
      modelConfig: expect.objectContaining({ medium: "openai/gpt-4o-mini" }),
    });
    expect(run?.datasetChecksum).toMatch(/^[0-9a-f]{64}$/);
    // CodeForge's own commit, although the working directory is no git checkout; unknown
    // (null) when CodeForge itself is no checkout, as in a tarball install.
    const revision = resolveCodeforgeRevision();
    expect(run?.gitCommit).toBe(revision?.commit ?? null);
    expect(run?.settings.gitDirty).toBe(revision?.dirty ?? null);
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
      `stopped: budget_exceeded; finish it with codeforge bench --resume ${run?.id}`,
    );
    expect(run).toMatchObject({ status: "interrupted", stopReason: "budget_exceeded" });

    const resumed = await bench(["--resume", run?.id ?? ""], SCRIPT.slice(2));
    expect(resumed.error).toBeUndefined();
    expect(resumed.model.requests).toHaveLength(1);
    expect(resumed.model.requests[0]?.prompt).toContain("edit_distance");
    expect(resumed.lines[1]).toBe("pass@1: 0.5000 · pass@1 after repair: 1.0000");
    expect((await store.benchmarks.getRun(run?.id ?? ""))?.status).toBe("completed");
  }, 120_000);

  it.skipIf(!existsSync(SHARED_DATASETS))(
    "--type all shares one --budget-usd across the datasets instead of giving each its own",
    async () => {
      const dataDir = ["--data-dir", SHARED_DATASETS];
      // What HumanEval/0 costs alone: a budget below it stops after that one problem.
      const first = await bench(
        ["--type", "all", "--limit", "1", "--budget-usd", "0.000000001", ...dataDir],
        [ALL_TYPES_SCRIPT[0] as ScriptedReply],
      );
      expect(first.error).toBeUndefined();
      expect(first.model.requests).toHaveLength(1);
      expect(first.lines.at(-1)).toBe(
        "stopped: the budget of $0.0000 is spent; not started: mbpp, custom",
      );
      const [humanEvalRun] = await store.benchmarks.listRuns();
      const problemCost = humanEvalRun?.totalCostUsd ?? 0;
      expect(problemCost).toBeGreaterThan(0);

      // One and a half problems' worth: MBPP starts with the half HumanEval left, custom never.
      const budget = problemCost * 1.5;
      const second = await bench(
        ["--type", "all", "--limit", "1", "--budget-usd", String(budget), ...dataDir],
        ALL_TYPES_SCRIPT,
      );
      expect(second.error).toBeUndefined();
      expect(second.model.requests).toHaveLength(2);
      expect(second.lines.at(-1)).toMatch(
        /^stopped: the budget of .* is spent; not started: custom$/,
      );
      const runs = await store.benchmarks.listRuns();
      const mbppRun = runs.find((run) => run.type === "mbpp");
      expect(runs.filter((run) => run.type === "custom")).toEqual([]);
      expect(mbppRun?.settings.budgetUsd).toBeCloseTo(budget - problemCost, 12);
    },
    120_000,
  );

  it("redraws one progress bar in place on a terminal, then clears it before the summary", async () => {
    const { error, context, lines } = await bench(IDS, SCRIPT, { tty: true });
    expect(error).toBeUndefined();
    const progress = context.errors();
    const bar = "[bench custom] [####################] 2/2 · pass@1 0.500 · after repair 1.000 · $";
    expect(progress).toContain("\r[bench custom] [--------------------] 0/2 · pass@1 n/a");
    expect(progress).toContain("\r[bench custom] [##########----------] 1/2 · pass@1 0.000");
    expect(progress).toContain(`\r${bar}`);
    // Redrawn, not appended: no per-problem lines, and the bar is blanked at the end.
    expect(progress).not.toContain("alg_merge_intervals: first fail");
    expect(progress).toMatch(/\r {40,}\r$/);
    expect(lines[1]).toBe("pass@1: 0.5000 · pass@1 after repair: 1.0000");
    // What the terminal shows at the end: the pipeline's log lines, each on its own line
    // (written above the bar, never into it), and no bar left behind.
    const screen = terminalScreen(progress);
    expect(screen.filter((line) => line.includes("task finished"))).toHaveLength(2);
    expect(screen.filter((line) => line.includes("[bench"))).toEqual([]);
  }, 120_000);

  it("records the revision as unknown outside a git checkout (a tarball install)", async () => {
    const { error } = await bench(IDS, SCRIPT, { revision: () => null });
    expect(error).toBeUndefined();
    const [run] = await store.benchmarks.listRuns();
    expect(run?.gitCommit).toBeNull();
    expect(run?.settings.gitDirty).toBeNull();
  }, 120_000);

  it("stops on the context's abort signal (SIGINT or SIGTERM), exits 1 and leaves the run to resume", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled by SIGTERM"));
    const { error, exit, lines } = await bench(IDS, SCRIPT, { signal: controller.signal });
    expect(error).toBeUndefined();
    expect(exit.code).toBe(EXIT_CODES.failure);
    const [run] = await store.benchmarks.listRuns();
    expect(run).toMatchObject({ status: "interrupted", stopReason: "cancelled" });
    expect(lines.at(-1)).toBe(
      `stopped: cancelled; finish it with codeforge bench --resume ${run?.id}`,
    );
  }, 120_000);

  it("refuses an --output that is a file before any model call", async () => {
    await writeFile(join(cwd, "runs"), "not a folder\n");
    const { error, model } = await bench([...IDS, "--output", "runs"], SCRIPT);
    expect(String((error as Error).message)).toContain("is a file, not a folder");
    expect(model.requests).toHaveLength(0);
  });

  it("two shards merged equal one unsharded run, in the store and as a file", async () => {
    const whole = await bench([...IDS, "--output", "whole"], SCRIPT);
    const first = await bench([...IDS, "--shard", "1/2", "--output", "shards"], SCRIPT.slice(0, 2));
    const second = await bench([...IDS, "--shard", "2/2", "--output", "shards"], SCRIPT.slice(2));
    expect([whole.error, first.error, second.error]).toEqual([undefined, undefined, undefined]);
    const files = [first, second].map((shard) => {
      const written = shard.lines.find((line) => line.startsWith("wrote "));
      return written?.slice("wrote ".length) ?? "";
    });

    const merged = await bench(["merge", ...files, "--store", "--out", "merged.json"], []);
    expect(merged.error).toBeUndefined();
    expect(merged.lines[0]).toBe("merged 2 shard(s) into one custom run");
    expect(merged.lines[2]).toBe("pass@1: 0.5000 · pass@1 after repair: 1.0000");
    const runs = await store.benchmarks.listRuns();
    const unsharded = runs.find(
      (run) => run.settings.shard === undefined && run.settings.shards === undefined,
    );
    const stored = runs.find((run) => run.settings.shards === 2);
    expect(stored).toMatchObject({
      status: "completed",
      total: unsharded?.total,
      passed: unsharded?.passed,
      passedAfterRepair: unsharded?.passedAfterRepair,
      passAt1: unsharded?.passAt1,
      passAt1Repair: unsharded?.passAt1Repair,
      avgRetries: unsharded?.avgRetries,
    });
    const file = JSON.parse(await readFile(join(cwd, "merged.json"), "utf8"));
    expect(file).toMatchObject({ id: stored?.id, passAt1: 0.5, passAt1Repair: 1, total: 2 });

    const missing = await bench(["merge", files[0] ?? ""], []);
    expect(String((missing.error as Error).message)).toContain("Shard 2/2 missing");
  }, 120_000);

  it.each([
    [["--shard", "3/2"], "--shard must be i/n"],
    [["--limit", "0"], '--limit must be a whole number of at least 1, not "0"'],
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
