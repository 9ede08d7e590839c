import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHostPythonExecutor } from "@codeforge/benchmarks/baseline";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { type CliParts, createCliParts } from "../cli-parts.js";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { captureContext } from "../test-support/capture-context.js";
import { createEvalCommand, parseKs } from "./eval-command.js";

const sharedDatasets =
  process.env.CODEFORGE_DATA_DIR ??
  fileURLToPath(new URL("../../../../shared/datasets/", import.meta.url));

/**
 * Runs `eval …` with the unsandboxed host baseline as its executor: these tests run only
 * the datasets' reference code and the small programs written here. The real sandbox is
 * exercised by eval-command.int.test.ts.
 */
async function runEval(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    parts?: Partial<CliParts>;
  } = {},
) {
  const cwd = options.cwd ?? (await mkdtemp(join(tmpdir(), "codeforge-eval-cli-")));
  const context = captureContext({ cwd, env: options.env ?? {} });
  const exit: ExitCodeBox = { code: EXIT_CODES.success };
  const program = new Command("codeforge").exitOverride();
  program.configureOutput({ writeErr: (text) => context.stderr.write(text), writeOut: () => {} });
  createEvalCommand(
    createCliParts({
      createEvaluator: () => createHostPythonExecutor(),
      homeDir: () => cwd,
      ...options.parts,
    }),
  )(program, context, exit);
  const error = await program.parseAsync(["eval", ...args], { from: "user" }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const lines = context.output().trimEnd().split("\n");
  return { context, exit, error, cwd, lines };
}

describe("codeforge eval", () => {
  it("evaluates the custom set's reference solutions: 25/25", async () => {
    const { exit, lines, error } = await runEval(["--dataset", "custom", "--samples", "canonical"]);
    expect(error).toBeUndefined();
    expect(exit.code).toBe(EXIT_CODES.success);
    expect(lines[0]).toMatch(/^custom: 25 sample\(s\) of 25 task\(s\) in \d+\.\d s$/);
    expect(lines[1]).toBe("passed 25 · failed 0 · timed out 0");
    expect(lines.at(-1)).toBe("pass@1: 1.0000");
    // The default --k list is not explained away line by line.
    expect(lines.join("\n")).not.toContain("not computed");
  });

  it("writes each line back with passed and result, keeping its other fields, and reports pass@k", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "codeforge-eval-cli-"));
    const samples = [
      {
        task_id: "alg_edit_distance",
        solution: "def edit_distance(a, b):\n    return 0\n",
        model: "m",
      },
      {
        task_id: "alg_edit_distance",
        solution: await readFile(
          fileURLToPath(
            new URL("../../../benchmarks/custom/solutions/alg_edit_distance.py", import.meta.url),
          ),
          "utf8",
        ),
      },
      {
        task_id: "err_retry",
        completion: "def retry(func, attempts, exceptions=(Exception,)):\n    return func()\n",
      },
      {
        task_id: "err_retry",
        solution:
          "def retry(func, attempts, exceptions=(Exception,)):\n    raise RuntimeError('no')\n",
      },
    ];
    await writeFile(
      join(cwd, "samples.jsonl"),
      `${samples.map((s) => JSON.stringify(s)).join("\n")}\n\n`,
    );

    const { lines, error } = await runEval(
      ["--dataset", "custom", "--samples", "samples.jsonl", "--k", "1,2,10", "--concurrency", "2"],
      { cwd },
    );
    expect(error).toBeUndefined();
    const written = (await readFile(join(cwd, "samples.jsonl_results.jsonl"), "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(written.map((line) => [line.task_id, line.passed])).toEqual([
      ["alg_edit_distance", false],
      ["alg_edit_distance", true],
      ["err_retry", false],
      ["err_retry", false],
    ]);
    expect(written[0]).toMatchObject({ model: "m", result: "failed: AssertionError" });
    expect(written[3].result).toBe("failed: RuntimeError: no");
    // alg_edit_distance: n=2, c=1 → pass@1 0.5, pass@2 1; err_retry: 0 and 0.
    expect(lines.slice(-4)).toEqual([
      `results: ${join(cwd, "samples.jsonl_results.jsonl")}`,
      "pass@10: not computed (a task has only 2 sample(s))",
      "pass@2: 0.5000",
      "pass@1: 0.2500",
    ]);
  });

  it.skipIf(!existsSync(sharedDatasets))(
    "reads HumanEval from CODEFORGE_DATA_DIR and accepts MBPP ids in every form (--out)",
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), "codeforge-eval-cli-"));
      await writeFile(
        join(cwd, "he.jsonl"),
        [
          { task_id: "HumanEval/0", completion: "    return False\n" },
          { task_id: "HumanEval/2", completion: "    return number % 1.0\n" },
        ]
          .map((line) => JSON.stringify(line))
          .join("\n"),
      );
      const humanEval = await runEval(
        ["--dataset", "humaneval", "--samples", "he.jsonl", "--out", "out.jsonl"],
        {
          cwd,
          env: { CODEFORGE_DATA_DIR: sharedDatasets },
        },
      );
      expect(humanEval.error).toBeUndefined();
      expect(humanEval.lines.at(-1)).toBe("pass@1: 0.5000");
      expect(await readFile(join(cwd, "out.jsonl"), "utf8")).toContain('"passed":true');

      const mbppSolution =
        "def remove_Occ(s, ch):\n    return s.replace(ch, '', 1)[::-1].replace(ch, '', 1)[::-1]\n";
      await writeFile(
        join(cwd, "mbpp.jsonl"),
        [11, "11", "Mbpp/11", "MBPP/11"]
          .map((id) => JSON.stringify({ task_id: id, solution: mbppSolution }))
          .join("\n"),
      );
      const mbpp = await runEval(
        ["--dataset", "mbpp", "--samples", "mbpp.jsonl", "--data-dir", sharedDatasets],
        { cwd },
      );
      expect(mbpp.error).toBeUndefined();
      expect(mbpp.lines[0]).toMatch(/^mbpp: 4 sample\(s\) of 1 task\(s\)/);
      expect(mbpp.lines.at(-1)).toBe("pass@1: 1.0000");
    },
  );

  it.each([
    [
      ["--dataset", "apps", "--samples", "canonical"],
      '--dataset must be one of humaneval, humaneval-plus, mbpp, mbpp-sanitized, custom, not "apps"',
    ],
    [["--dataset", "custom", "--samples", "missing.jsonl"], "Cannot read the samples file"],
    [
      ["--dataset", "custom", "--samples", "canonical", "--k", "1,x"],
      '--k must be a whole number of at least 1, not "x"',
    ],
    [
      ["--dataset", "custom", "--samples", "canonical", "--concurrency", "0"],
      "--concurrency must be a whole number",
    ],
  ])("refuses %j", async (args, message) => {
    const { error } = await runEval(args);
    expect(String((error as Error).message)).toContain(message);
  });

  it("names the line of a samples file entry that is not a sample, and unknown tasks", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "codeforge-eval-cli-"));
    await writeFile(
      join(cwd, "bad.jsonl"),
      '{"task_id": "err_retry", "solution": "x"}\n{"task_id": "err_retry"}\n',
    );
    const bad = await runEval(["--dataset", "custom", "--samples", "bad.jsonl"], { cwd });
    expect((bad.error as Error).message).toContain("bad.jsonl line 2 is not a sample");
    await writeFile(join(cwd, "unknown.jsonl"), '{"task_id": "nope", "solution": "x"}\n');
    const unknown = await runEval(["--dataset", "custom", "--samples", "unknown.jsonl"], { cwd });
    expect((unknown.error as Error).message).toContain('tasks that custom does not have ("nope")');
  });

  it("offline with no dataset: names the file and where to put it", async () => {
    const failingFetch = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof globalThis.fetch;
    const { error, cwd } = await runEval(["--dataset", "mbpp", "--samples", "canonical"], {
      parts: { fetch: failingFetch },
    });
    const message = (error as Error).message;
    expect(message).toContain(
      "mbpp.jsonl is not cached and could not be downloaded (fetch failed)",
    );
    expect(message).toContain(join(cwd, ".cache", "codeforge", "datasets", "mbpp.jsonl"));
  });
});

describe("parseKs", () => {
  it("sorts and deduplicates", () => {
    expect(parseKs("10, 1,10,100")).toEqual([1, 10, 100]);
    expect(() => parseKs("1,,2")).toThrow(/comma-separated/);
  });
});
