import { gunzipSync } from "node:zlib";
import { z } from "zod";
import type { Dataset, HumanEvalPlusProblem } from "./benchmark-problem.js";
import { parseRow } from "./parse-lines.js";
import { PUBLISHED_DATASETS } from "./published-datasets.js";
import { type DatasetLocation, readDatasetFile } from "./read-dataset-file.js";

const ArgumentListsSchema = z.array(z.array(z.unknown()));

/** One line of `HumanEvalPlus.jsonl.gz` (EvalPlus v0.1.10). */
export const HumanEvalPlusLineSchema = z.object({
  task_id: z.string().min(1),
  prompt: z.string(),
  canonical_solution: z.string(),
  test: z.string().min(1),
  entry_point: z.string().min(1),
  contract: z.string().default(""),
  base_input: ArgumentListsSchema,
  plus_input: ArgumentListsSchema,
  atol: z.number().nonnegative(),
});

/**
 * Parses the (decompressed) text of `HumanEvalPlus.jsonl` into problems. Each problem
 * keeps its line's JSON text, because the inputs must reach Python exactly as written:
 * JavaScript numbers would round integers past 2^53 and turn them into floats.
 */
export function parseHumanEvalPlus(
  text: string,
  fileName = "HumanEvalPlus.jsonl",
): HumanEvalPlusProblem[] {
  const problems: HumanEvalPlusProblem[] = [];
  for (const [index, json] of text.split("\n").entries()) {
    if (json.trim() === "") continue;
    const line = parseRow(json, HumanEvalPlusLineSchema, fileName, `line ${index + 1}`);
    problems.push({
      dataset: "humaneval-plus",
      id: line.task_id,
      prompt: line.prompt,
      canonicalSolution: line.canonical_solution,
      test: line.test,
      entryPoint: line.entry_point,
      contract: line.contract,
      baseInput: line.base_input,
      plusInput: line.plus_input,
      atol: line.atol,
      sourceLine: json,
    });
  }
  return problems;
}

/** Loads the 164 HumanEval+ problems from a data folder or the download cache. */
export async function loadHumanEvalPlus(
  location: DatasetLocation,
): Promise<Dataset<HumanEvalPlusProblem>> {
  const published = PUBLISHED_DATASETS["humaneval-plus"];
  const file = await readDatasetFile(published, location);
  const problems = parseHumanEvalPlus(gunzipSync(file.bytes).toString("utf8"), published.fileName);
  return { name: "humaneval-plus", problems, sha256: file.sha256, source: file.path };
}
