import { UsageError } from "@codeforge/core";
import type { BenchmarkProblem, Dataset, MbppProblem } from "../datasets/benchmark-problem.js";
import { mbppTestSplit } from "../datasets/load-mbpp.js";
import { normalizeTaskId } from "../eval/eval-sample.js";

/** Which problems of a dataset a benchmark run attempts. */
export interface ProblemSelection {
  /** Only these ids (in any accepted form); unknown ids are a `UsageError`. */
  ids?: readonly (string | number)[];
  /** At most this many, after `ids`. */
  limit?: number;
}

/**
 * The problems a run attempts, in dataset order: MBPP (full) defaults to its standard
 * test split (ids 11–510), the others to every problem; then `ids`, then `limit`.
 */
export function selectProblems(
  dataset: Dataset,
  selection: ProblemSelection = {},
): BenchmarkProblem[] {
  let problems: BenchmarkProblem[] = [...dataset.problems];
  if (selection.ids !== undefined && selection.ids.length > 0) {
    const wanted = new Set(selection.ids.map((id) => normalizeTaskId(dataset.name, id)));
    const known = new Set(problems.map((problem) => problem.id));
    const unknown = [...wanted].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UsageError(
        `--ids names problems ${dataset.name} does not have: ${unknown.join(", ")}`,
      );
    }
    problems = problems.filter((problem) => wanted.has(problem.id));
  } else if (dataset.name === "mbpp") {
    problems = mbppTestSplit(
      problems.filter((problem): problem is MbppProblem => problem.dataset === "mbpp"),
    );
  }
  if (selection.limit !== undefined) problems = problems.slice(0, selection.limit);
  return problems;
}
