import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvalExecutor } from "@codeforge/benchmarks";
import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";

const sandbox = await requireService("Docker sandbox", async () => {
  const executor = createEvalExecutor({
    docker: new Docker(),
    sandbox: ConfigSchema.parse({}).sandbox,
  });
  const result = await executor.run({ language: "python", code: "print(6 * 7)" });
  await executor.close?.();
  if (result.stdout.trim() !== "42")
    throw new Error(`probe printed ${result.stdout}${result.stderr}`);
});

describe.skipIf(!sandbox.available)(`codeforge eval in the real sandbox ${sandbox.reason}`, () => {
  it("scores the custom set's references 25/25 through the registered command", async () => {
    const context = captureContext({ cwd: await mkdtemp(join(tmpdir(), "codeforge-eval-int-")) });
    const code = await runCli(["eval", "--dataset", "custom", "--samples", "canonical"], context);
    expect(context.errors()).toBe("");
    expect(code).toBe(EXIT_CODES.success);
    expect(context.output().trimEnd().split("\n").at(-1)).toBe("pass@1: 1.0000");
  }, 120_000);

  it("judges wrong, crashing and timing-out samples and writes the results file", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "codeforge-eval-int-"));
    const samples = [
      {
        task_id: "alg_merge_intervals",
        solution: "def merge_intervals(intervals):\n    return intervals\n",
      },
      {
        task_id: "alg_merge_intervals",
        solution: "def merge_intervals(intervals):\n    return 1 / 0\n",
      },
      {
        task_id: "alg_merge_intervals",
        solution: "def merge_intervals(intervals):\n    while True:\n        pass\n",
      },
    ];
    await writeFile(join(cwd, "s.jsonl"), samples.map((line) => JSON.stringify(line)).join("\n"));
    const context = captureContext({ cwd });
    const code = await runCli(
      ["eval", "--dataset", "custom", "--samples", "s.jsonl", "--timeout", "3", "--k", "1,3"],
      context,
    );
    expect(code).toBe(EXIT_CODES.success);
    const written = (await readFile(join(cwd, "s.jsonl_results.jsonl"), "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(written.map((line) => line.result)).toEqual([
      "failed: AssertionError",
      "failed: ZeroDivisionError: division by zero",
      "timed out",
    ]);
    expect(context.output()).toContain("passed 0 · failed 2 · timed out 1");
    expect(context.output().trimEnd().split("\n").slice(-2)).toEqual([
      "pass@3: 0.0000",
      "pass@1: 0.0000",
    ]);
  }, 120_000);
});
