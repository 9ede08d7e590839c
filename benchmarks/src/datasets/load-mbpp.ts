import { z } from "zod";
import type { Dataset, MbppProblem } from "./benchmark-problem.js";
import { parseJsonLines, parseRow } from "./parse-lines.js";
import { PUBLISHED_DATASETS } from "./published-datasets.js";
import { type DatasetLocation, readDatasetFile } from "./read-dataset-file.js";

/** One line of the full `mbpp.jsonl`. */
export const MbppLineSchema = z.object({
  task_id: z.number().int().positive(),
  text: z.string().min(1),
  code: z.string(),
  test_list: z.array(z.string()).min(1),
  test_setup_code: z.string().default(""),
  challenge_test_list: z.array(z.string()).default([]),
});

/** One entry of `sanitized-mbpp.json` (a JSON array, not JSON Lines). */
export const SanitizedMbppEntrySchema = z.object({
  task_id: z.number().int().positive(),
  prompt: z.string().min(1),
  code: z.string(),
  test_imports: z.array(z.string()).default([]),
  test_list: z.array(z.string()).min(1),
});

/** The standard MBPP evaluation split: task ids 11–510 (1–10 are for few-shot prompts). */
export const MBPP_TEST_SPLIT = { firstTaskId: 11, lastTaskId: 510 } as const;

/** The problems of the standard MBPP test split (ids 11–510). */
export function mbppTestSplit(problems: readonly MbppProblem[]): MbppProblem[] {
  return problems.filter(
    (problem) =>
      problem.taskId >= MBPP_TEST_SPLIT.firstTaskId && problem.taskId <= MBPP_TEST_SPLIT.lastTaskId,
  );
}

/** Parses the text of the full `mbpp.jsonl` into problems. */
export function parseMbpp(text: string, fileName = "mbpp.jsonl"): MbppProblem[] {
  return parseJsonLines(text, MbppLineSchema, fileName).map((line) => ({
    dataset: "mbpp",
    id: String(line.task_id),
    taskId: line.task_id,
    text: line.text,
    code: line.code,
    testList: line.test_list,
    testSetupCode: line.test_setup_code,
    testImports: [],
    challengeTestList: line.challenge_test_list,
  }));
}

/** Parses the text of `sanitized-mbpp.json` into problems. */
export function parseSanitizedMbpp(text: string, fileName = "sanitized-mbpp.json"): MbppProblem[] {
  const entries = parseRow(text, z.array(SanitizedMbppEntrySchema), fileName, "(whole file)");
  return entries.map((entry) => ({
    dataset: "mbpp-sanitized",
    id: String(entry.task_id),
    taskId: entry.task_id,
    text: entry.prompt,
    code: entry.code,
    testList: entry.test_list,
    testSetupCode: "",
    testImports: entry.test_imports,
    challengeTestList: [],
  }));
}

/** Loads all 974 MBPP problems; {@link mbppTestSplit} selects the standard 500. */
export async function loadMbpp(location: DatasetLocation): Promise<Dataset<MbppProblem>> {
  const published = PUBLISHED_DATASETS.mbpp;
  const file = await readDatasetFile(published, location);
  const problems = parseMbpp(file.bytes.toString("utf8"), published.fileName);
  return { name: "mbpp", problems, sha256: file.sha256, source: file.path };
}

/** Loads the 427 hand-verified MBPP problems. */
export async function loadSanitizedMbpp(location: DatasetLocation): Promise<Dataset<MbppProblem>> {
  const published = PUBLISHED_DATASETS["mbpp-sanitized"];
  const file = await readDatasetFile(published, location);
  const problems = parseSanitizedMbpp(file.bytes.toString("utf8"), published.fileName);
  return { name: "mbpp-sanitized", problems, sha256: file.sha256, source: file.path };
}
