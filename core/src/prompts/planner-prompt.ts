import type { Language } from "../executor/index.js";
import { TASK_COMPLEXITIES } from "../task/task-complexity.js";
import { LANGUAGE_LABELS, type Prompt } from "./prompt.js";

/** What the planner prompt is built from. */
export interface PlannerPromptInput {
  task: string;
  language: Language;
}

/**
 * The planner's prompt: split the task into 1–6 subtasks whose last one integrates the
 * rest into one runnable program, answered as JSON.
 */
export function buildPlannerPrompt(input: PlannerPromptInput): Prompt {
  const system = [
    `You plan work for a code agent writing one ${LANGUAGE_LABELS[input.language].name} program.`,
    "Split the task into 1-6 subtasks; use as few as the task needs (a single function: 1 or 2).",
    "Ids are 1..n in order. dependencies lists earlier ids only.",
    "The last subtask integrates everything into one runnable program with main() and depends on all others.",
    `Reply with JSON only: {"reasoning": string, "subtasks": [{"id": number, "description": string, "dependencies": number[], "estimated_complexity": ${TASK_COMPLEXITIES.map((tier) => `"${tier}"`).join("|")}}]}`,
  ].join("\n");
  return { system, user: `Task:\n${input.task.trim()}` };
}
