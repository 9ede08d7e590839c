import { gunzipSync } from "node:zlib";
import { z } from "zod";
import type { Dataset, HumanEvalProblem } from "./benchmark-problem.js";
import { parseJsonLines } from "./parse-lines.js";
import { PUBLISHED_DATASETS } from "./published-datasets.js";
import { type DatasetLocation, readDatasetFile } from "./read-dataset-file.js";

/** One line of `HumanEval.jsonl.gz`. */
export const HumanEvalLineSchema = z.object({
  task_id: z.string().min(1),
  prompt: z.string(),
  canonical_solution: z.string(),
  test: z.string().min(1),
  entry_point: z.string().min(1),
});

/** Parses the (decompressed) text of `HumanEval.jsonl` into problems. */
export function parseHumanEval(text: string, fileName = "HumanEval.jsonl"): HumanEvalProblem[] {
  return parseJsonLines(text, HumanEvalLineSchema, fileName).map((line) => ({
    dataset: "humaneval",
    id: line.task_id,
    prompt: line.prompt,
    canonicalSolution: line.canonical_solution,
    test: line.test,
    entryPoint: line.entry_point,
  }));
}

/** Loads the 164 HumanEval problems from a data folder or the download cache. */
export async function loadHumanEval(location: DatasetLocation): Promise<Dataset<HumanEvalProblem>> {
  const published = PUBLISHED_DATASETS.humaneval;
  const file = await readDatasetFile(published, location);
  const problems = parseHumanEval(gunzipSync(file.bytes).toString("utf8"), published.fileName);
  return { name: "humaneval", problems, sha256: file.sha256, source: file.path };
}
