import type { DatasetName } from "./dataset-name.js";

/** A HumanEval problem: a function signature and docstring to complete, and its hidden tests. */
export interface HumanEvalProblem {
  dataset: "humaneval";
  /** The key samples are matched on, e.g. `HumanEval/0`. */
  id: string;
  prompt: string;
  /** The reference body, written to follow `prompt`. */
  canonicalSolution: string;
  /** Defines `check(candidate)`. */
  test: string;
  entryPoint: string;
}

/** A HumanEval+ problem: HumanEval's, with many more inputs checked against the reference outputs. */
export interface HumanEvalPlusProblem extends Omit<HumanEvalProblem, "dataset"> {
  dataset: "humaneval-plus";
  /** The input-validation asserts EvalPlus adds to the reference (not used to judge samples). */
  contract: string;
  /** Argument lists of the original tests. */
  baseInput: readonly unknown[][];
  /** Argument lists EvalPlus generated. */
  plusInput: readonly unknown[][];
  /** Absolute tolerance for float outputs (0 means exact, with 1e-6 for floats as EvalPlus does). */
  atol: number;
  /**
   * The dataset line as written. The check program reads the inputs from it with Python's
   * `json`, as EvalPlus does, because JavaScript numbers would round big integers.
   */
  sourceLine: string;
}

/** An MBPP problem (full or sanitized): a one-sentence task, a reference program and asserts. */
export interface MbppProblem {
  dataset: "mbpp" | "mbpp-sanitized";
  /** The task number as a string, e.g. `11`. */
  id: string;
  taskId: number;
  /** The task text shown to a model. */
  text: string;
  /** The reference program. */
  code: string;
  /** The asserts: the three the standard prompt shows, also the hidden tests. */
  testList: readonly string[];
  /** Code run before the asserts (full MBPP). */
  testSetupCode: string;
  /** Import lines the asserts need (sanitized MBPP). */
  testImports: readonly string[];
  challengeTestList: readonly string[];
}

/** The custom task categories and how many tasks each has. */
export const CUSTOM_CATEGORIES = [
  "data_processing",
  "algorithm",
  "string_manipulation",
  "file_io",
  "multi_step",
  "error_handling",
] as const;

/** One of {@link CUSTOM_CATEGORIES}. */
export type CustomCategory = (typeof CUSTOM_CATEGORIES)[number];

/** How hard a custom task is meant to be. */
export const CUSTOM_DIFFICULTIES = ["easy", "medium", "hard"] as const;

/** A task of CodeForge's own set: a description, behavioural asserts and a reference solution. */
export interface CustomProblem {
  dataset: "custom";
  id: string;
  category: CustomCategory;
  description: string;
  difficulty: (typeof CUSTOM_DIFFICULTIES)[number];
  /** Python statements run after the program; each must hold. */
  testAssertions: readonly string[];
  /** Modules a good solution is expected to import. */
  expectedImports: readonly string[];
  timeoutSeconds: number;
  /** Python run after the program and before the assertions (e.g. a scratch folder). */
  testSetup: string;
  /** The reference solution (a whole program). */
  solution: string;
}

/** A problem of any dataset. */
export type BenchmarkProblem =
  | HumanEvalProblem
  | HumanEvalPlusProblem
  | MbppProblem
  | CustomProblem;

/** A loaded dataset: its problems and what makes a run on it reproducible. */
export interface Dataset<Problem extends BenchmarkProblem = BenchmarkProblem> {
  name: DatasetName;
  problems: readonly Problem[];
  /** sha256 of the file the problems came from (for the custom set: of tasks.json). */
  sha256: string;
  /** Where the file was read from. */
  source: string;
}
