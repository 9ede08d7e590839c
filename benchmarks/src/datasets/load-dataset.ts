import type { BenchmarkProblem, Dataset } from "./benchmark-problem.js";
import type { DatasetName } from "./dataset-name.js";
import { loadCustomTasks } from "./load-custom-tasks.js";
import { loadHumanEval } from "./load-human-eval.js";
import { loadHumanEvalPlus } from "./load-human-eval-plus.js";
import { loadMbpp, loadSanitizedMbpp } from "./load-mbpp.js";
import type { DatasetLocation } from "./read-dataset-file.js";

/** Where to read datasets from; `customDir` overrides the package's own custom set. */
export interface LoadDatasetOptions extends DatasetLocation {
  customDir?: string;
}

/**
 * Loads a dataset by name: every problem it has (MBPP full: all 974; use
 * `mbppTestSplit` for the standard 500).
 *
 * @example
 * const dataset = await loadDataset("humaneval", { dataDir: "../shared/datasets" });
 * dataset.problems.length === 164;
 */
export async function loadDataset(
  name: DatasetName,
  options: LoadDatasetOptions,
): Promise<Dataset<BenchmarkProblem>> {
  switch (name) {
    case "humaneval":
      return loadHumanEval(options);
    case "humaneval-plus":
      return loadHumanEvalPlus(options);
    case "mbpp":
      return loadMbpp(options);
    case "mbpp-sanitized":
      return loadSanitizedMbpp(options);
    case "custom":
      return loadCustomTasks(options.customDir);
  }
}
