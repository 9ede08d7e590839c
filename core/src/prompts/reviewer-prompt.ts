import { ERROR_TYPES } from "../agents/review.js";
import type { Language } from "../executor/index.js";
import { fence, LANGUAGE_LABELS, type Prompt } from "./prompt.js";
import { trimOutput } from "./trim-output.js";

/** A diagnosis from an earlier repair that did not make the run pass. */
export interface PreviousRepair {
  rootCause: string;
  fixDescription: string;
  confidence: number;
}

/** What the reviewer prompt is built from. */
export interface ReviewerPromptInput {
  task: string;
  language: Language;
  code: string;
  tests: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  oomKilled: boolean;
  /** The failing attempt, 1-based: 1 is the first run. */
  attempt: number;
  /** Runs allowed in all: 1 + the repair budget. */
  maxAttempts: number;
  previousRepairs: readonly PreviousRepair[];
  /** Characters kept of each of stdout and stderr. */
  outputBudgetChars?: number;
}

/** Characters of each output stream a reviewer prompt keeps by default. */
export const DEFAULT_OUTPUT_BUDGET_CHARS = 2_000;

/**
 * The reviewer's prompt: the task, the failing code and its tests, how the run ended
 * (exit code, timeout, out of memory), stdout and stderr trimmed to a budget, the attempt
 * "k of n", and what earlier repairs tried. After a low-confidence repair it asks for a
 * different approach instead of another patch.
 */
export function buildReviewerPrompt(input: ReviewerPromptInput): Prompt {
  const budget = input.outputBudgetChars ?? DEFAULT_OUTPUT_BUDGET_CHARS;
  const system = [
    `You debug a ${LANGUAGE_LABELS[input.language].name} program that failed its run in a sandbox.`,
    "Find the root cause and fix it minimally; return the complete corrected program (not a diff).",
    "Fix the tests (fixed_tests) only if they contradict the task; otherwise leave fixed_tests null.",
    "confidence (0..1): how likely your fix makes the run pass. Below 0.5, propose a different approach instead of a patch.",
    `Reply with JSON only: {"root_cause": string, "error_type": ${ERROR_TYPES.map((type) => `"${type}"`).join("|")}, "fix_description": string, "fixed_code": string, "fixed_tests": string|null, "confidence": number, "changes_made": string[]}`,
  ].join("\n");
  const ending = input.timedOut
    ? "timed out (killed)"
    : input.oomKilled
      ? "ran out of memory (killed)"
      : `exit code ${input.exitCode ?? "none"}`;
  const parts = [
    `Task:\n${input.task.trim()}`,
    `Attempt ${input.attempt} of ${input.maxAttempts} failed: ${ending}.`,
    `Code:\n${fence(input.language, input.code)}`,
    `Tests (run after the code):\n${fence(input.language, input.tests || "(none)")}`,
    `stdout:\n${trimOutput(input.stdout, budget).trimEnd() || "(empty)"}`,
    `stderr:\n${trimOutput(input.stderr, budget).trimEnd() || "(empty)"}`,
  ];
  if (input.previousRepairs.length > 0) {
    const lines = input.previousRepairs.map(
      (repair, index) =>
        `- repair ${index + 1} (confidence ${repair.confidence}): ${repair.rootCause} → ${repair.fixDescription}`,
    );
    parts.push(`Earlier repairs that did not pass:\n${lines.join("\n")}`);
    const last = input.previousRepairs.at(-1);
    if (last && last.confidence < 0.5) {
      parts.push("The last repair was a low-confidence guess: take a different approach.");
    }
  }
  return { system, user: parts.join("\n\n") };
}
