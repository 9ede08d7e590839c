import type {
  CustomProblem,
  Dataset,
  HumanEvalPlusProblem,
  HumanEvalProblem,
  MbppProblem,
} from "../datasets/benchmark-problem.js";
import { parseHumanEvalPlus } from "../datasets/load-human-eval-plus.js";

/** A small HumanEval-style problem: add two numbers. */
export const ADD_PROBLEM: HumanEvalProblem = {
  dataset: "humaneval",
  id: "HumanEval/900",
  prompt: 'def add(a, b):\n    """Return a + b."""\n',
  canonicalSolution: "    return a + b\n",
  test: "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n",
  entryPoint: "add",
};

// Written as text so the big integer stays exact, as in the real file.
const PLUS_LINE =
  '{"task_id": "HumanEval/901", "prompt": "def halve(values):\\n    \\"\\"\\"Halve each value.\\"\\"\\"\\n", ' +
  '"canonical_solution": "    return [v / 2 for v in values]\\n", "test": "def check(candidate):\\n    assert candidate([2]) == [1.0]\\n", ' +
  '"entry_point": "halve", "contract": "", "base_input": [[[2, 4]], [[1]]], ' +
  '"plus_input": [[[123456789012345678901234567890]], [[0.3, 0.1]]], "atol": 0}';

/** A small HumanEval+-style problem whose inputs include a big integer and float outputs. */
export const HALVE_PLUS_PROBLEM: HumanEvalPlusProblem = parseHumanEvalPlus(
  PLUS_LINE,
)[0] as HumanEvalPlusProblem;

/** A small MBPP-style problem with setup code. */
export const MBPP_PROBLEM: MbppProblem = {
  dataset: "mbpp",
  id: "901",
  taskId: 901,
  text: "Write a function to double a number.",
  code: "def double(x):\n    return 2 * x",
  testList: ["assert double(2) == 4", "assert double(BASE) == 20"],
  testSetupCode: "BASE = 10",
  testImports: [],
  challengeTestList: [],
};

/** A small custom task with setup. */
export const CUSTOM_PROBLEM: CustomProblem = {
  dataset: "custom",
  id: "fixture_square",
  category: "algorithm",
  description: "Write square(x) returning x squared.",
  difficulty: "easy",
  testSetup: "VALUES = [2, 3]",
  testAssertions: ["assert square(VALUES[0]) == 4", "assert square(VALUES[1]) == 9"],
  expectedImports: [],
  timeoutSeconds: 7,
  solution: "def square(x):\n    return x * x\n",
};

/** Wraps problems as a dataset. */
export function fixtureDataset<P extends Dataset["problems"][number]>(
  name: Dataset["name"],
  problems: readonly P[],
): Dataset<P> {
  return { name, problems, sha256: "0".repeat(64), source: "fixture" };
}
