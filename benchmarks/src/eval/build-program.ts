import type { BenchmarkProblem } from "../datasets/benchmark-problem.js";
import type { EvalSample } from "./eval-sample.js";
import { buildHumanEvalPlusProgram } from "./human-eval-plus-harness.js";

/**
 * The code a sample stands for: a human-eval completion follows the prompt; an evalplus
 * solution (or any MBPP and custom sample) is a whole program.
 */
export function sampleProgram(problem: BenchmarkProblem, sample: EvalSample): string {
  if (sample.solution !== undefined) return sample.solution;
  const completion = sample.completion ?? "";
  if (problem.dataset === "humaneval" || problem.dataset === "humaneval-plus") {
    return problem.prompt + completion;
  }
  return completion;
}

/**
 * Builds the program that judges one sample against its problem's hidden tests: it raises
 * or exits non-zero on a failed check and returns normally once every check ran. Exit
 * status 0 alone proves nothing (the sample may exit early), so run it through
 * `buildCheckRun`, whose pass marker shows that the checks finished.
 *
 * - HumanEval: the sample's program, the test (defining `check`), `check(entry_point)`.
 * - HumanEval+: a harness comparing the sample's outputs with the canonical solution's.
 * - MBPP: test imports, the setup code, the program, the asserts (the reference harness's
 *   order: setup first, which is why tasks 367 and 927 fail upstream).
 * - custom: the program, the task's test setup, then its assertions.
 */
export function buildCheckProgram(
  problem: BenchmarkProblem,
  sample: EvalSample,
  /** HumanEval+ only: the canonical outputs, computed once for many samples. */
  expectedOutputs?: string,
): string {
  const program = sampleProgram(problem, sample);
  switch (problem.dataset) {
    case "humaneval":
      return `${program}\n\n${problem.test}\n\ncheck(${problem.entryPoint})\n`;
    case "humaneval-plus":
      return buildHumanEvalPlusProgram(problem, program, expectedOutputs);
    case "mbpp":
    case "mbpp-sanitized":
      return [...problem.testImports, problem.testSetupCode, program, ...problem.testList, ""].join(
        "\n",
      );
    case "custom":
      return [program, "", problem.testSetup, ...problem.testAssertions, ""].join("\n");
  }
}
