import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvalExecutor } from "@codeforge/benchmarks";
import { BENCH_SCRIPT, BENCH_SCRIPT_PROBLEM_IDS } from "@codeforge/benchmarks/testing";
import { ConfigSchema, type Store } from "@codeforge/core";
import { createScriptedModel, createTestStore, requireService } from "@codeforge/core/testing";
import { Command } from "commander";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { createCliParts } from "../cli-parts.js";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { captureContext } from "../test-support/capture-context.js";
import { createBenchCommand } from "./bench-command.js";

const sandbox = await requireService("Docker sandbox", async () => {
  const executor = createEvalExecutor({
    docker: new Docker(),
    sandbox: ConfigSchema.parse({}).sandbox,
    size: 1,
  });
  try {
    const result = await executor.run({ language: "python", code: "print(6 * 7)" });
    if (result.stdout.trim() !== "42")
      throw new Error(`probe printed ${result.stdout}${result.stderr}`);
  } finally {
    await executor.close?.();
  }
});

describe.skipIf(!sandbox.available)(`codeforge bench in the real sandbox ${sandbox.reason}`, () => {
  it("runs the pipeline in one-shot containers and the hidden tests in the pool", async () => {
    const store = await createTestStore();
    try {
      const cwd = await mkdtemp(join(tmpdir(), "codeforge-bench-int-"));
      await writeFile(
        join(cwd, "codeforge.yml"),
        "routing:\n  simpleThreshold: 0.99\n  complexThreshold: 1\n",
      );
      const context = captureContext({ cwd });
      const exit: ExitCodeBox = { code: EXIT_CODES.success };
      const program = new Command("codeforge").exitOverride();
      const model = createScriptedModel(BENCH_SCRIPT, { id: "openai/gpt-4o-mini" });
      createBenchCommand(
        createCliParts({
          models: async () => ({ model }),
          openStore: async () =>
            Object.assign(Object.create(store) as Store, { close: async () => {} }),
        }),
      )(program, context, exit);

      await program.parseAsync(
        ["bench", "--type", "custom", "--ids", BENCH_SCRIPT_PROBLEM_IDS.join(",")],
        { from: "user" },
      );

      expect(exit.code).toBe(EXIT_CODES.success);
      expect(context.output()).toContain("pass@1: 0.5000 · pass@1 after repair: 1.0000");
      const [run] = await store.benchmarks.listRuns();
      expect(run).toMatchObject({
        status: "completed",
        passed: 1,
        passedAfterRepair: 2,
        avgRetries: 0.5,
      });
      expect(model.remaining()).toBe(0);
    } finally {
      await store.close();
    }
  }, 180_000);
});
