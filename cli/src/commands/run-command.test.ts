import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, CostTracker, createPricing, UsageError } from "@codeforge/core";
import {
  createFakeExecutor,
  createScriptedModel,
  createTestStore,
  type FakeExecution,
  passingRun,
  type ScriptedReply,
} from "@codeforge/core/testing";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { type CliParts, createCliParts } from "../cli-parts.js";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { interruptReason } from "../interrupt-signal.js";
import { NO_PROVIDER_MESSAGE } from "../run/no-provider-message.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";
import { createRunCommand } from "./run-command.js";

const CODE =
  'def add(a: int, b: int) -> int:\n    """Sum."""\n    return a + b\n\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';
const coded: ScriptedReply = {
  object: { code: CODE, tests: "assert add(2, 3) == 5", imports: [], explanation: "adds" },
};
// The sandbox syntax check answers first, then the program's run.
const SYNTAX_OK: FakeExecution = { stdout: "[]\n" };

function wiring(replies: ScriptedReply[], runs: FakeExecution[]) {
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  const executor = createFakeExecutor(runs);
  const seen: { config?: Readonly<Config>; pinned?: unknown } = {};
  const fake: CliParts = createCliParts({
    models: async (config, _logger, pinned) => {
      seen.config = config;
      seen.pinned = pinned;
      return { model };
    },
    executor: () => executor,
    store: async () => undefined,
    preflight: async () => {},
    costTracker: (config) =>
      new CostTracker({
        pricing: createPricing(config.pricing),
        baselineModel: config.routing.baselineModel,
      }),
  });
  return { fake, model, executor, seen };
}

async function run(
  args: string[],
  fake: CliParts,
  env: Record<string, string> = {},
  cwd?: string,
  signal?: AbortSignal,
): Promise<{ code: number; output: string; error?: unknown }> {
  const context = captureContext({
    env: { CODEFORGE_LOG_LEVEL: "silent", ...env },
    ...(cwd ? { cwd } : {}),
    ...(signal ? { signal } : {}),
  });
  const box: ExitCodeBox = { code: EXIT_CODES.success };
  const program = new Command("codeforge").exitOverride();
  createRunCommand(fake)(program, context, box);
  try {
    await program.parseAsync(["run", ...args], { from: "user" });
    return { code: box.code, output: context.output() };
  } catch (error) {
    return { code: -1, output: context.output(), error };
  }
}

describe("codeforge run", () => {
  it("runs a task with progress lines off a terminal and exits 0", async () => {
    const { fake, model } = wiring(
      [coded],
      [SYNTAX_OK, passingRun("5\ncodeforge: tests passed\n")],
    );

    const { code, output } = await run(["Write add(a, b) returning the sum."], fake);

    expect(code).toBe(0);
    expect(output).toContain("ok code");
    expect(output).toContain("    | 5");
    expect(output).toMatch(/ok Completed in .* · 0 repairs/);
    expect(model.requests[0]?.prompt).toContain("Write add(a, b) returning the sum.");
  });

  it("prints one JSON object with --json and writes the program and tests with --out", async () => {
    const { fake } = wiring([coded], [SYNTAX_OK, passingRun("codeforge: tests passed\n")]);
    const out = await mkdtemp(join(tmpdir(), "codeforge-run-"));

    const { code, output } = await run(["Write add(a, b).", "--json", "--out", out], fake);

    expect(code).toBe(0);
    const result = JSON.parse(output);
    expect(result).toMatchObject({
      status: "completed",
      retryCount: 0,
      finalCode: CODE,
      language: "python",
    });
    expect(result.files).toEqual([join(out, "solution.py"), join(out, "test_solution.py")]);
    expect(await readFile(join(out, "solution.py"), "utf8")).toBe(CODE);
    const tests = await readFile(join(out, "test_solution.py"), "utf8");
    expect(tests).toContain(`${CODE.trimEnd()}\n`);
    expect(tests).toContain("assert add(2, 3) == 5\n");
    expect(tests).not.toContain("from solution import");
  });

  it("exits 1 when the task fails, and passes the flags into the configuration", async () => {
    const failing: FakeExecution = { exitCode: 1, stderr: "AssertionError\n" };
    const { fake, seen } = wiring([coded], [SYNTAX_OK, failing]);

    const { code, output } = await run(
      [
        "Write add(a, b).",
        "--max-retries",
        "0",
        "--budget-usd",
        "0.5",
        "--timeout",
        "12",
        "--model",
        "openai/gpt-4o",
      ],
      fake,
    );

    expect(code).toBe(1);
    expect(output).toContain("Failed (retries exhausted)");
    expect(seen.config?.repair.maxRetries).toBe(0);
    expect(seen.config?.budgets.maxCostUsd).toBe(0.5);
    expect(seen.config?.sandbox.timeoutSeconds).toBe(12);
    expect(seen.pinned).toEqual({ model: "openai/gpt-4o" });
  });

  it("reads the task from --file", async () => {
    const { fake, model } = wiring([coded], [SYNTAX_OK, passingRun("ok\n")]);
    const directory = await mkdtemp(join(tmpdir(), "codeforge-task-"));
    await writeFile(join(directory, "task.md"), "# Task\nWrite add(a, b).\n");

    const { code } = await run(["--file", "task.md"], fake, {}, directory);

    expect(code).toBe(0);
    expect(model.requests[0]?.prompt).toContain("# Task\nWrite add(a, b).");
  });

  it("records the task, its traces and runs in the store, and closes it", async () => {
    const { fake } = wiring([coded], [SYNTAX_OK, passingRun("ok\n")]);
    const store = await createTestStore();
    let closed = false;
    try {
      const withStore: CliParts = {
        ...fake,
        store: async () => ({
          tasks: store.tasks,
          close: async () => {
            closed = true;
          },
        }),
      };

      const { code, output } = await run(["Write add(a, b).", "--json"], withStore);

      expect(code).toBe(0);
      const { taskId } = JSON.parse(output);
      const detail = await store.tasks.get(taskId);
      expect(detail).toMatchObject({ status: "completed", source: "cli", finalCode: CODE });
      expect(detail?.traces.map((trace) => trace.agent)).toEqual([
        "classifier",
        "planner",
        "coder",
      ]);
      expect(detail?.executionResults).toHaveLength(1);
      expect(closed).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("Ctrl-C while the program runs cancels the task and leaves the stored row failed", async () => {
    const controller = new AbortController();
    // As the Docker sandbox does: the interrupt arrives mid-run and the run rejects with the
    // signal's reason.
    const interruptedRun: FakeExecution = (spec) => {
      controller.abort(interruptReason("SIGINT"));
      spec.signal?.throwIfAborted();
      return { stdout: "never reached\n" };
    };
    const { fake, executor } = wiring([coded], [SYNTAX_OK, interruptedRun]);
    const store = await createTestStore();
    try {
      const withStore: CliParts = {
        ...fake,
        store: async () => ({ tasks: store.tasks, close: async () => {} }),
      };

      const { code, output } = await run(
        ["Write add(a, b).", "--json"],
        withStore,
        {},
        undefined,
        controller.signal,
      );

      expect(code).toBe(1);
      expect(executor.remaining()).toBe(0);
      const result = JSON.parse(output);
      expect(result).toMatchObject({ status: "failed", stopReason: "cancelled" });
      expect(result.errorMessage).toContain("cancelled: cancelled with Ctrl-C");
      const detail = await store.tasks.get(result.taskId);
      expect(detail?.status).toBe("failed");
      expect(detail?.errorMessage).toBe(result.errorMessage);
    } finally {
      await store.close();
    }
  });

  it("refuses an --out that cannot be written before any model call", async () => {
    const directory = await mkdtemp(join(tmpdir(), "codeforge-out-"));
    await writeFile(join(directory, "taken"), "a file, not a folder\n");
    const { fake, model } = wiring([coded], [SYNTAX_OK, passingRun("5\n")]);

    for (const out of ["taken", "taken/inside"]) {
      const { error } = await run(["Write add(a, b).", "--out", out], fake, {}, directory);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(`${join(directory, "taken")} is a file`);
    }
    expect(model.requests).toHaveLength(0);
  });

  it("refuses a missing task and a task given twice", async () => {
    const { fake } = wiring([], []);
    expect((await run([], fake)).error).toBeInstanceOf(UsageError);
    expect((await run(["x", "--file", "y.md"], fake)).error).toBeInstanceOf(UsageError);
  });

  it("exits 2 listing the three ways to configure a provider when none is available", async () => {
    const context = captureContext({
      env: { OLLAMA_HOST: "http://127.0.0.1:9", CODEFORGE_LOG_LEVEL: "silent" },
    });

    const code = await runCli(["run", "Write add(a, b)."], context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.errors()).toContain(NO_PROVIDER_MESSAGE.split("\n")[0]);
    expect(context.errors()).toContain("OPENAI_API_KEY");
    expect(context.errors()).toContain("ANTHROPIC_API_KEY");
    expect(context.errors()).toContain("OLLAMA_HOST");
  });
});

describe("codeforge run --repo, before any model call", () => {
  it("refuses the repository flags without --repo, --out with it, a missing folder and a repository without tests", async () => {
    const { fake, model } = wiring([], []);
    const empty = await mkdtemp(join(tmpdir(), "codeforge-norepo-"));
    await writeFile(join(empty, "notes.txt"), "no code here\n");
    const attempt = async (args: string[]) => {
      const context = captureContext({ env: { CODEFORGE_LOG_LEVEL: "silent" }, cwd: empty });
      const code = await runCli(["run", ...args], context, [createRunCommand(fake)]);
      return { code, output: context.output() + context.errors() };
    };

    const stray = await attempt(["--dry-run", "add a helper"]);
    const both = await attempt(["--repo", empty, "--out", "out", "add a helper"]);
    const missing = await attempt(["--repo", join(empty, "nowhere"), "add a helper"]);
    const untested = await attempt(["--repo", empty, "add a helper"]);

    expect(stray.code).toBe(EXIT_CODES.usage);
    expect(stray.output).toContain("--dry-run only apply to a repository task: add --repo DIR");
    expect(both.code).toBe(EXIT_CODES.usage);
    expect(both.output).toContain("with --repo use --patch FILE");
    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(missing.output).toContain("not a folder");
    expect(untested.code).toBe(EXIT_CODES.usage);
    expect(untested.output).toContain("No test command found");
    expect(untested.output).toContain("repository.testCommand");
    expect(model.requests).toHaveLength(0);
  });

  it("reads the repository's own .github/codeforge.yml from DIR, under the trust rule", async () => {
    const { fake, model } = wiring([], []);
    const elsewhere = await mkdtemp(join(tmpdir(), "codeforge-cwd-"));
    const repo = await mkdtemp(join(tmpdir(), "codeforge-repo-"));
    await mkdir(join(repo, ".github"));
    await writeFile(join(repo, ".github", "codeforge.yml"), "sandbox:\n  networkDisabled: false\n");
    const context = captureContext({ env: { CODEFORGE_LOG_LEVEL: "silent" }, cwd: elsewhere });

    const code = await runCli(["run", "--repo", repo, "add a helper"], context, [
      createRunCommand(fake),
    ]);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.output() + context.errors()).toContain("sandbox.networkDisabled");
    expect(context.output() + context.errors()).toContain(join(repo, ".github", "codeforge.yml"));
    expect(model.requests).toHaveLength(0);
  });
});
