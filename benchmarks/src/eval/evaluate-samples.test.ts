import type { ExecutionResult, ExecutionSpec, Executor } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import {
  ADD_PROBLEM,
  CUSTOM_PROBLEM,
  fixtureDataset,
  HALVE_PLUS_PROBLEM,
  MBPP_PROBLEM,
} from "../test-support/fixture-problems.js";
import { CHECK_PROGRAM_FILE, SAMPLE_FILE } from "./check-run.js";
import { evaluateSamples } from "./evaluate-samples.js";

const OK: ExecutionResult = {
  exitCode: 0,
  stdout: "",
  stderr: "",
  timedOut: false,
  oomKilled: false,
  durationMs: 5,
  truncated: false,
};

/** The check a spec carries (the sample's part, then the checks), else its code. */
function program(spec: ExecutionSpec | undefined): string | undefined {
  const files = spec?.files;
  if (files?.[SAMPLE_FILE] !== undefined)
    return `${files[SAMPLE_FILE]}\n${files[CHECK_PROGRAM_FILE]}`;
  return spec?.code;
}

/**
 * An executor that records what it was asked to run and answers from a script. By default
 * a run succeeds as the check runner does: exit 0, the pass marker from stdin printed last.
 */
function scriptedExecutor(answer: (spec: ExecutionSpec) => Partial<ExecutionResult>, delayMs = 0) {
  const specs: ExecutionSpec[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const executor: Executor = {
    async run(spec) {
      specs.push(spec);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight -= 1;
      return { ...OK, stdout: spec.stdin ?? "", ...answer(spec) };
    },
  };
  return { executor, specs, maxInFlight: () => maxInFlight };
}

describe("evaluateSamples", () => {
  it("builds the HumanEval program from prompt, completion, test and check(entry_point)", async () => {
    const { executor, specs } = scriptedExecutor(() => ({}));
    await evaluateSamples({
      dataset: fixtureDataset("humaneval", [ADD_PROBLEM]),
      samples: [{ taskId: "HumanEval/900", completion: "    return a + b\n" }],
      executor,
    });
    expect(specs[0]?.language).toBe("python");
    expect(program(specs[0])).toBe(
      `${ADD_PROBLEM.prompt}    return a + b\n\n\n${ADD_PROBLEM.test}\n\ncheck(add)\n`,
    );
    expect(specs[0]?.timeoutMs).toBe(20_000);
  });

  it("runs an evalplus solution as the whole program, without the prompt", async () => {
    const { executor, specs } = scriptedExecutor(() => ({}));
    await evaluateSamples({
      dataset: fixtureDataset("humaneval", [ADD_PROBLEM]),
      samples: [{ taskId: "HumanEval/900", solution: "def add(a, b):\n    return b + a\n" }],
      executor,
      timeoutSeconds: 3,
    });
    expect(program(specs[0])?.startsWith("def add(a, b):\n    return b + a\n")).toBe(true);
    expect(program(specs[0])).not.toContain('"""Return a + b."""');
    expect(specs[0]?.timeoutMs).toBe(3_000);
  });

  it("puts MBPP setup code before the program and custom setup before the assertions", async () => {
    const { executor, specs } = scriptedExecutor(() => ({}));
    await evaluateSamples({
      dataset: fixtureDataset("mbpp", [MBPP_PROBLEM]),
      samples: [{ taskId: "Mbpp/901", solution: MBPP_PROBLEM.code }],
      executor,
    });
    expect(program(specs[0])).toBe(
      "BASE = 10\ndef double(x):\n    return 2 * x\nassert double(2) == 4\nassert double(BASE) == 20\n",
    );
    await evaluateSamples({
      dataset: fixtureDataset("custom", [CUSTOM_PROBLEM]),
      samples: [{ taskId: "fixture_square", solution: CUSTOM_PROBLEM.solution }],
      executor,
    });
    expect(program(specs[1])).toBe(
      `${CUSTOM_PROBLEM.solution}\n\nVALUES = [2, 3]\nassert square(VALUES[0]) == 4\nassert square(VALUES[1]) == 9\n`,
    );
    // A custom task's own time budget applies when no timeout is given.
    expect(specs[1]?.timeoutMs).toBe(7_000);
  });

  it("turns runs into passed, failed with the error's last line, and timed out", async () => {
    const { executor } = scriptedExecutor((spec) => {
      if (program(spec)?.includes("# crash")) {
        return {
          exitCode: 1,
          stderr:
            'Traceback (most recent call last):\n  File "main.py", line 3\nZeroDivisionError: division by zero\n',
        };
      }
      if (program(spec)?.includes("# slow")) return { exitCode: null, timedOut: true };
      if (program(spec)?.includes("# big")) return { exitCode: 137, oomKilled: true };
      if (program(spec)?.includes("# silent")) return { exitCode: 3 };
      return {};
    });
    const results = await evaluateSamples({
      dataset: fixtureDataset("humaneval", [ADD_PROBLEM]),
      samples: ["", "# crash", "# slow", "# big", "# silent"].map((marker) => ({
        taskId: "HumanEval/900",
        completion: `    return a + b  ${marker}\n`,
      })),
      executor,
      timeoutSeconds: 5,
    });
    expect(results.map((result) => [result.verdict, result.passed, result.result])).toEqual([
      ["passed", true, "passed"],
      ["failed", false, "failed: ZeroDivisionError: division by zero"],
      ["timed_out", false, "timed out"],
      ["failed", false, "failed: out of memory"],
      ["failed", false, "failed: exit code 3"],
    ]);
    expect(results[1]?.errorExcerpt).toContain("Traceback (most recent call last)");
    expect(results[2]?.errorExcerpt).toBe("no result within 5 s");
    expect(results.every((result) => result.problemId === "HumanEval/900")).toBe(true);
  });

  it("passes only a run that ends with its own fresh pass marker, given on stdin and in no file", async () => {
    const { executor, specs } = scriptedExecutor((spec) => {
      const marker = spec.stdin?.trim() ?? "";
      if (program(spec)?.includes("# early")) return { stdout: "" };
      if (program(spec)?.includes("# forged")) return { stdout: "codeforge-checks-passed-0\n" };
      if (program(spec)?.includes("# after")) return { stdout: `${marker}\nlater output\n` };
      if (program(spec)?.includes("# cut")) return { stdout: "x".repeat(10), truncated: true };
      return { stdout: `no newline${marker.length > 0 ? "\n" : ""}${marker}\n` };
    });
    const results = await evaluateSamples({
      dataset: fixtureDataset("humaneval", [ADD_PROBLEM]),
      samples: ["", "# early", "# forged", "# after", "# cut"].map((marker) => ({
        taskId: "HumanEval/900",
        solution: `def add(a, b):\n    return a + b  ${marker}\n`,
      })),
      executor,
    });
    expect(results.map((result) => result.verdict)).toEqual([
      "passed",
      "failed",
      "failed",
      "failed",
      "failed",
    ]);
    expect(results[1]?.result).toBe(
      "failed: the program exited before its checks finished (exit code 0, checks not completed)",
    );
    expect(results[4]?.result).toMatch(/passed the sandbox's limit/);
    const markers = specs.map((spec) => spec.stdin?.trim() ?? "");
    expect(new Set(markers).size).toBe(5);
    for (const [index, spec] of specs.entries()) {
      expect(markers[index]).toMatch(/^codeforge-checks-passed-[0-9a-f]{32}$/);
      expect(spec.code).not.toContain(markers[index]);
      expect(JSON.stringify(spec.files)).not.toContain(markers[index]);
    }
  });

  it("keeps input order while running at most `concurrency` programs at once", async () => {
    const scripted = scriptedExecutor(() => ({}), 15);
    const samples = Array.from({ length: 7 }, (_, index) => ({
      taskId: "HumanEval/900",
      completion: `    return a + b  # ${index}\n`,
    }));
    const seen: number[] = [];
    const results = await evaluateSamples({
      dataset: fixtureDataset("humaneval", [ADD_PROBLEM]),
      samples,
      executor: scripted.executor,
      concurrency: 3,
      onResult: (_evaluation, index) => seen.push(index),
    });
    expect(results.map((result) => result.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results.map((result) => result.sample)).toEqual(samples);
    expect(scripted.maxInFlight()).toBe(3);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("computes HumanEval+ outputs once for a task with several samples, else in each program", async () => {
    const scripted = scriptedExecutor((spec) =>
      program(spec)?.includes('_MODE = "expected"') ? { stdout: "gASVBAAAAAAAAABdlC4=\n" } : {},
    );
    await evaluateSamples({
      dataset: fixtureDataset("humaneval-plus", [HALVE_PLUS_PROBLEM]),
      samples: [1, 2, 3].map(() => ({
        taskId: HALVE_PLUS_PROBLEM.id,
        completion: "    return values\n",
      })),
      executor: scripted.executor,
      concurrency: 3,
    });
    const modes = scripted.specs.map((spec) => /_MODE = "(\w+)"/.exec(program(spec) ?? "")?.[1]);
    expect(modes).toEqual(["expected", "check", "check", "check"]);
    for (const spec of scripted.specs.slice(1))
      expect(program(spec)).toContain('_EXPECTED = "gASVBAAAAAAAAABdlC4="');

    // When the shared run fails, every program computes the outputs itself.
    const failing = scriptedExecutor((spec) =>
      program(spec)?.includes('_MODE = "expected"') ? { exitCode: null, timedOut: true } : {},
    );
    await evaluateSamples({
      dataset: fixtureDataset("humaneval-plus", [HALVE_PLUS_PROBLEM]),
      samples: [1, 2].map(() => ({
        taskId: HALVE_PLUS_PROBLEM.id,
        completion: "    return values\n",
      })),
      executor: failing.executor,
    });
    expect(
      failing.specs.slice(1).map((spec) => program(spec)?.includes("_EXPECTED = None")),
    ).toEqual([true, true]);
  });

  it("stops starting programs once aborted", async () => {
    const controller = new AbortController();
    const scripted = scriptedExecutor(() => {
      controller.abort(new Error("interrupted"));
      return {};
    });
    await expect(
      evaluateSamples({
        dataset: fixtureDataset("humaneval", [ADD_PROBLEM]),
        samples: [1, 2, 3].map(() => ({ taskId: "HumanEval/900", completion: "" })),
        executor: scripted.executor,
        signal: controller.signal,
      }),
    ).rejects.toThrow("interrupted");
    expect(scripted.specs).toHaveLength(1);
  });
});
