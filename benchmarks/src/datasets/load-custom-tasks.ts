import { readFile } from "node:fs/promises";
import { join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import {
  CUSTOM_CATEGORIES,
  CUSTOM_DIFFICULTIES,
  type CustomProblem,
  type Dataset,
} from "./benchmark-problem.js";
import { DatasetError } from "./dataset-error.js";
import { parseRow } from "./parse-lines.js";
import { sha256Hex } from "./read-dataset-file.js";

/** The folder holding `tasks.json` and `solutions/` in this package. */
export const DEFAULT_CUSTOM_DIR = fileURLToPath(new URL("../../custom/", import.meta.url));

/** One task of `custom/tasks.json`. */
export const CustomTaskSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/, "must be lower-case letters, digits and underscores"),
  category: z.enum(CUSTOM_CATEGORIES),
  description: z.string().min(20),
  difficulty: z.enum(CUSTOM_DIFFICULTIES),
  /** Python run before the assertions, e.g. making a scratch folder for file tasks. */
  test_setup: z.string().default(""),
  test_assertions: z.array(z.string().min(1)).min(2),
  expected_imports: z.array(z.string()),
  timeout_seconds: z.number().int().min(1).max(120),
  /** Path of the reference solution, relative to the folder of tasks.json. */
  solution: z.string().regex(/^solutions\/[a-z0-9_]+\.py$/, "must be solutions/<id>.py"),
});

/** The custom tasks file: a JSON array of {@link CustomTaskSchema}. */
export const CustomTasksFileSchema = z.array(CustomTaskSchema).min(1);

/**
 * Loads the custom task set and each task's reference solution.
 *
 * @param directory the folder holding `tasks.json` and `solutions/`; defaults to this package's `custom/`.
 */
export async function loadCustomTasks(
  directory: string = DEFAULT_CUSTOM_DIR,
): Promise<Dataset<CustomProblem>> {
  const path = join(directory, "tasks.json");
  const bytes = await readFile(path);
  const tasks = parseRow(
    bytes.toString("utf8"),
    CustomTasksFileSchema,
    "tasks.json",
    "(whole file)",
  );
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.id)) {
      throw new DatasetError(
        `tasks.json has task id ${task.id} twice: give each task its own id.`,
        {
          code: "invalid",
          fileName: "tasks.json",
        },
      );
    }
    seen.add(task.id);
  }
  const problems: CustomProblem[] = [];
  for (const task of tasks) {
    const solutionPath = join(directory, normalize(task.solution));
    let solution: string;
    try {
      solution = await readFile(solutionPath, "utf8");
    } catch (error) {
      throw new DatasetError(
        `The reference solution of custom task ${task.id} is missing: write it to ${solutionPath}.`,
        { code: "missing", fileName: task.solution, cause: error },
      );
    }
    problems.push({
      dataset: "custom",
      id: task.id,
      category: task.category,
      description: task.description,
      difficulty: task.difficulty,
      testSetup: task.test_setup,
      testAssertions: task.test_assertions,
      expectedImports: task.expected_imports,
      timeoutSeconds: task.timeout_seconds,
      solution,
    });
  }
  return { name: "custom", problems, sha256: sha256Hex(bytes), source: path };
}
