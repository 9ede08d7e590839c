import type { Executor } from "@codeforge/core";
import { expect, it } from "vitest";
import type { BenchmarkProblem } from "../datasets/benchmark-problem.js";
import type { EvalSample } from "../eval/eval-sample.js";
import { evaluateSamples, type SampleEvaluation } from "../eval/evaluate-samples.js";
import {
  ADD_PROBLEM,
  CUSTOM_PROBLEM,
  fixtureDataset,
  HALVE_PLUS_PROBLEM,
  MBPP_PROBLEM,
} from "./fixture-problems.js";

/** Ways a program can end with exit status 0 before the checks that follow it run. */
const EARLY_EXITS = [
  "import sys\nsys.exit(0)\n",
  "import os\nos._exit(0)\n",
  "raise SystemExit\n",
] as const;

async function judge(
  executor: Executor,
  problem: BenchmarkProblem,
  samples: EvalSample[],
  timeoutSeconds?: number,
): Promise<SampleEvaluation[]> {
  return evaluateSamples({
    dataset: fixtureDataset(problem.dataset, [problem]),
    samples,
    executor,
    concurrency: 4,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  });
}

/**
 * The verdict cases every executor must agree on: canonical, wrong, crashing and
 * timing-out samples in both sample formats, on each dataset kind. Used by the host
 * baseline's test and by the sandbox's integration test.
 */
export function defineVerdictCases(executor: () => Executor): void {
  it("HumanEval: canonical, wrong, crashing and timing-out samples in both formats", async () => {
    const id = ADD_PROBLEM.id;
    const results = await judge(
      executor(),
      ADD_PROBLEM,
      [
        { taskId: id, completion: "    return a + b\n" },
        { taskId: id, completion: "    return a - b\n" },
        { taskId: id, completion: "    return a / 0\n" },
        { taskId: id, completion: "    while True:\n        pass\n" },
        { taskId: id, solution: "def add(a, b):\n    return sum([a, b])\n" },
        { taskId: id, solution: "def add(a, b):\n    return a * b\n" },
        { taskId: id, solution: "def add(a, b):\n    raise KeyError('boom')\n" },
        { taskId: id, solution: "import time\ndef add(a, b):\n    time.sleep(60)\n" },
      ],
      5,
    );
    expect(results.map((result) => result.verdict)).toEqual([
      "passed",
      "failed",
      "failed",
      "timed_out",
      "passed",
      "failed",
      "failed",
      "timed_out",
    ]);
    expect(results[1]?.result).toBe("failed: AssertionError");
    expect(results[2]?.result).toBe("failed: ZeroDivisionError: division by zero");
    expect(results[6]?.result).toBe("failed: KeyError: 'boom'");
    expect(results[2]?.errorExcerpt).toContain("Traceback");
  });

  it("HumanEval+: compares outputs with the canonical solution's, exactly or within atol", async () => {
    const id = HALVE_PLUS_PROBLEM.id;
    const results = await judge(executor(), HALVE_PLUS_PROBLEM, [
      { taskId: id, completion: HALVE_PLUS_PROBLEM.canonicalSolution },
      // Within 1e-6 of the canonical floats: passes, as in EvalPlus.
      { taskId: id, completion: "    return [v / 2 + 1e-9 for v in values]\n" },
      // Wrong only on the big integer of the plus inputs.
      { taskId: id, completion: "    return [v if v > 10**20 else v / 2 for v in values]\n" },
      { taskId: id, solution: "def halve(values):\n    return [v * 0.5 for v in values]\n" },
      { taskId: id, solution: "def halve(values):\n    return values[0] / 2\n" },
      { taskId: id, solution: "def halve(values):\n    print('noise')\n    return None.x\n" },
    ]);
    expect(results.map((result) => result.verdict)).toEqual([
      "passed",
      "passed",
      "failed",
      "passed",
      "failed",
      "failed",
    ]);
    expect(results[2]?.result).toMatch(/^failed: AssertionError: wrong output on plus input 2 /);
    expect(results[4]?.result).toMatch(/wrong output on base input 0/);
    expect(results[5]?.result).toContain("AttributeError");
    expect(results[5]?.errorExcerpt).toContain("raised on base input 0");
  });

  it("HumanEval+: a lone sample computes the canonical outputs itself", async () => {
    const id = HALVE_PLUS_PROBLEM.id;
    const [good] = await judge(executor(), HALVE_PLUS_PROBLEM, [
      { taskId: id, completion: HALVE_PLUS_PROBLEM.canonicalSolution },
    ]);
    const [bad] = await judge(executor(), HALVE_PLUS_PROBLEM, [
      { taskId: id, completion: "    return [v if v > 10**20 else v / 2 for v in values]\n" },
    ]);
    expect(good?.verdict).toBe("passed");
    expect(bad?.result).toMatch(/^failed: AssertionError: wrong output on plus input 2 /);
  });

  it("MBPP and custom: reference programs pass, wrong ones fail", async () => {
    const mbpp = await judge(executor(), MBPP_PROBLEM, [
      { taskId: 901, solution: MBPP_PROBLEM.code },
      { taskId: "Mbpp/901", completion: "def double(x):\n    return x + 2\n" },
    ]);
    expect(mbpp.map((result) => result.verdict)).toEqual(["passed", "failed"]);
    const custom = await judge(executor(), CUSTOM_PROBLEM, [
      { taskId: CUSTOM_PROBLEM.id, solution: CUSTOM_PROBLEM.solution },
      { taskId: CUSTOM_PROBLEM.id, solution: "def square(x):\n    return x * 2\n" },
    ]);
    expect(custom.map((result) => result.verdict)).toEqual(["passed", "failed"]);
  });

  it("HumanEval: a wrong program that exits early with status 0 fails, in both formats", async () => {
    const id = ADD_PROBLEM.id;
    const results = await judge(executor(), ADD_PROBLEM, [
      ...EARLY_EXITS.map((exit) => ({ taskId: id, completion: `    return a - b\n${exit}` })),
      ...EARLY_EXITS.map((exit) => ({
        taskId: id,
        solution: `def add(a, b):\n    return a * b\n${exit}`,
      })),
      // Looks for the pass marker in its standard input and its folder, prints what it found.
      {
        taskId: id,
        solution: `import os, sys\nprint(sys.stdin.read())\nfor name in sorted(os.listdir(".")):\n    print(open(name).read())\n${EARLY_EXITS[0]}`,
      },
      // Correct, with output that does not end in a newline: still passes.
      {
        taskId: id,
        solution: "import sys\nsys.stdout.write('no newline')\ndef add(a, b):\n    return a + b\n",
      },
    ]);
    expect(results.map((result) => result.verdict)).toEqual([
      ...Array(EARLY_EXITS.length * 2 + 1).fill("failed"),
      "passed",
    ]);
    expect(results[0]?.result).toMatch(/^failed: .*exited before its checks finished/);
  });

  it("MBPP and custom: a wrong program that exits early with status 0 fails, in both formats", async () => {
    const mbpp = await judge(
      executor(),
      MBPP_PROBLEM,
      EARLY_EXITS.flatMap((exit) => [
        { taskId: 901, solution: `def double(x):\n    return x + 2\n${exit}` },
        { taskId: "Mbpp/901", completion: `def double(x):\n    return x + 2\n${exit}` },
      ]),
    );
    expect(mbpp.map((result) => result.verdict)).toEqual(Array(6).fill("failed"));
    const custom = await judge(
      executor(),
      CUSTOM_PROBLEM,
      EARLY_EXITS.flatMap((exit) => [
        { taskId: CUSTOM_PROBLEM.id, solution: `def square(x):\n    return x * 2\n${exit}` },
        { taskId: CUSTOM_PROBLEM.id, completion: `def square(x):\n    return x * 2\n${exit}` },
      ]),
    );
    expect(custom.map((result) => result.verdict)).toEqual(Array(6).fill("failed"));
  });

  it("HumanEval+: early exits and a candidate rebinding the comparison fail", async () => {
    const id = HALVE_PLUS_PROBLEM.id;
    const wrong = "def halve(values):\n    return values\n";
    const results = await judge(executor(), HALVE_PLUS_PROBLEM, [
      ...EARLY_EXITS.map((exit) => ({ taskId: id, solution: `${wrong}${exit}` })),
      // Exits while being called, after loading.
      { taskId: id, solution: "import os\ndef halve(values):\n    os._exit(0)\n" },
      { taskId: id, solution: "import sys\ndef halve(values):\n    sys.exit(0)\n" },
      {
        taskId: id,
        solution: `${wrong}import __main__\n__main__._matches = lambda *a: True\n`,
      },
      { taskId: id, solution: `${wrong}import builtins\nbuiltins.bool = lambda *a: True\n` },
      {
        taskId: id,
        completion: `    return values\nimport __main__\n__main__._matches = lambda *a: True\n`,
      },
    ]);
    expect(results.map((result) => result.verdict)).toEqual(
      Array(EARLY_EXITS.length + 5).fill("failed"),
    );
    expect(results.at(-1)?.result).toMatch(/wrong output on base input 0/);
  });

  it("a correct program that mentions MemoryError on stderr still passes", async () => {
    const noisy = `import sys\nprint("MemoryError: only a message", file=sys.stderr)\n`;
    const [mbpp] = await judge(executor(), MBPP_PROBLEM, [
      { taskId: 901, solution: `${MBPP_PROBLEM.code}\n${noisy}` },
    ]);
    expect(mbpp?.result).toBe("passed");
    const [human] = await judge(executor(), ADD_PROBLEM, [
      { taskId: ADD_PROBLEM.id, solution: `${noisy}def add(a, b):\n    return a + b\n` },
    ]);
    expect(human?.result).toBe("passed");
  });
}
