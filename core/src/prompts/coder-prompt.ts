import { PYTHON_SANDBOX_PACKAGES } from "../agents/allowed-imports.js";
import type { Plan, Subtask } from "../agents/plan.js";
import type { Language } from "../executor/index.js";
import { fence, LANGUAGE_LABELS, type Prompt } from "./prompt.js";

/** What the coder prompt is built from. */
export interface CoderPromptInput {
  task: string;
  language: Language;
  plan: Plan;
  subtask: Subtask;
  /** The code written for the earlier subtasks, merged; empty for the first. */
  priorCode: string;
}

function rules(language: Language): string[] {
  if (language === "python") {
    return [
      "Type hints and docstrings; handle edge cases.",
      `Imports: standard library, ${PYTHON_SANDBOX_PACKAGES.join(", ")}. No network, no files outside /tmp.`,
      'The integration step defines main() and ends with if __name__ == "__main__": main(); main reads no input (stdin is empty) and prints a meaningful result.',
      "tests: plain assert statements (no framework, no imports of the program); they run after the code in the same file. Use the task's examples when it has any.",
    ];
  }
  return [
    "JSDoc comments; handle edge cases; CommonJS (require), no ES module syntax.",
    "Imports: Node.js built-in modules only. No network.",
    "The integration step defines main() and calls it when require.main === module; main reads no input (stdin is empty) and prints a meaningful result.",
    'tests: plain statements using assert = require("node:assert"); they run after the code in the same file. Use the task\'s examples when it has any.',
  ];
}

/**
 * The coder's prompt for one subtask: the task, the plan (when it has more than one
 * step) with the current step marked, and the code already written for earlier steps,
 * which the coder builds on without repeating it.
 */
export function buildCoderPrompt(input: CoderPromptInput): Prompt {
  const { language, plan, subtask } = input;
  const total = plan.subtasks.length;
  const system = [
    `You write ${LANGUAGE_LABELS[language].name} code for one step of a plan.`,
    ...rules(language).map((rule) => `- ${rule}`),
    "- Do not repeat prior code; use it. Code must be complete, not placeholders.",
    'Reply with JSON only: {"code": string, "tests": string, "imports": string[], "explanation": string}',
  ].join("\n");
  const parts = [`Task:\n${input.task.trim()}`];
  if (total > 1) {
    const steps = plan.subtasks.map(
      (step) => `${step.id === subtask.id ? ">" : " "} ${step.id}. ${step.description}`,
    );
    parts.push(`Plan:\n${steps.join("\n")}`);
    parts.push(
      `Write step ${subtask.id} of ${total}: ${subtask.description}${subtask.id === total ? " (integration: the runnable program)" : ""}`,
    );
  } else {
    parts.push("Write the whole program in one step.");
  }
  if (input.priorCode.trim()) parts.push(`Prior code:\n${fence(language, input.priorCode)}`);
  return { system, user: parts.join("\n\n") };
}
