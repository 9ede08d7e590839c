import type { Subtask } from "../agents/plan.js";
import { ERROR_TYPES } from "../agents/review.js";
import { TASK_COMPLEXITIES } from "../task/task-complexity.js";
import type { Prompt } from "./prompt.js";
import type { PreviousRepair } from "./reviewer-prompt.js";

/** A file as a repository prompt shows it. */
export interface PromptFile {
  path: string;
  content: string;
}

/** What the repository planner's prompt is built from. */
export interface RepositoryPlannerPromptInput {
  task: string;
  /** The repo map: paths and top-level definitions, cut to a token budget. */
  map: string;
  /** The command that runs the repository's tests. */
  testCommand: string;
  maxFiles: number;
}

const CHANGES_JSON = '"changes": [{"path": string, "content": string|null}]';

/**
 * The planner's prompt for a task on a repository: the task, the repo map and the test
 * command; it answers with subtasks and the existing files the coder must read.
 */
export function buildRepositoryPlannerPrompt(input: RepositoryPlannerPromptInput): Prompt {
  const system = [
    "You plan a change to an existing code repository for a code agent.",
    "Split the task into 1-6 subtasks; use as few as the task needs. Ids are 1..n in order; dependencies lists earlier ids only; the last subtask depends on all others and finishes the change, including its tests.",
    `files: the existing paths (from the repository map) whose contents the coder must read to make the change in the repository's style: the files to change, the tests beside them, the code they use. At most ${input.maxFiles}, most relevant first.`,
    `Reply with JSON only: {"reasoning": string, "subtasks": [{"id": number, "description": string, "dependencies": number[], "estimated_complexity": ${TASK_COMPLEXITIES.map((tier) => `"${tier}"`).join("|")}}], "files": string[]}`,
  ].join("\n");
  const user = [
    `Task:\n${input.task.trim()}`,
    `Repository map:\n${input.map.trim() || "(empty repository)"}`,
    `Test command: ${input.testCommand}`,
  ].join("\n\n");
  return { system, user };
}

/** What the repository coder's prompt is built from. */
export interface RepositoryCoderPromptInput {
  task: string;
  map: string;
  testCommand: string;
  subtasks: readonly Subtask[];
  subtask: Subtask;
  /** The files the planner asked for, as they are now (with earlier steps' changes applied). */
  files: readonly PromptFile[];
  /** Paths the earlier steps changed (their contents are among `files`) or deleted. */
  changedSoFar: readonly string[];
}

const REPOSITORY_RULES = [
  "Change the repository's own files in its existing style; put new code where the repository would put it.",
  "Every change is a whole file: the complete new content (never a diff or a placeholder); content null deletes the file.",
  "Paths are relative to the repository's root. Never touch .git/ or CI workflow files.",
  "Write tests for what you change in the repository's test layout and framework (next to the existing tests, named like them), so that the test command runs them.",
  "The tests run with no network and no new dependencies: use what the repository already uses.",
];

/**
 * The coder's prompt for one subtask of a repository task: the task, the plan with the
 * step marked, the map, and the full text of the files it reads.
 */
export function buildRepositoryCoderPrompt(input: RepositoryCoderPromptInput): Prompt {
  const system = [
    "You change an existing code repository for one step of a plan.",
    ...REPOSITORY_RULES.map((rule) => `- ${rule}`),
    `Reply with JSON only: {${CHANGES_JSON}, "explanation": string}`,
  ].join("\n");
  const total = input.subtasks.length;
  const parts = [`Task:\n${input.task.trim()}`];
  if (total > 1) {
    const steps = input.subtasks.map(
      (step) => `${step.id === input.subtask.id ? ">" : " "} ${step.id}. ${step.description}`,
    );
    parts.push(`Plan:\n${steps.join("\n")}`);
    parts.push(`Make step ${input.subtask.id} of ${total}: ${input.subtask.description}`);
  } else {
    parts.push("Make the whole change in one step.");
  }
  if (input.changedSoFar.length > 0) {
    parts.push(`Earlier steps changed: ${input.changedSoFar.join(", ")}`);
  }
  parts.push(`Repository map:\n${input.map.trim() || "(empty repository)"}`);
  parts.push(`Test command: ${input.testCommand}`);
  parts.push(...input.files.map((file) => showFile(file)));
  return { system, user: parts.join("\n\n") };
}

/** What the repository reviewer's prompt is built from. */
export interface RepositoryReviewerPromptInput {
  task: string;
  testCommand: string;
  /** The changed files as they are in the failing attempt (deleted ones as `(deleted)`). */
  changedFiles: readonly PromptFile[];
  /** Other files read for the task, for context. */
  contextFiles: readonly PromptFile[];
  /** The test run's feedback, failures first, already cut to its budget. */
  feedback: string;
  attempt: number;
  maxAttempts: number;
  previousRepairs: readonly PreviousRepair[];
}

/**
 * The reviewer's prompt for a repository task: the task, the changed files, the
 * repository's test feedback (failures first), the attempt "k of n" and earlier repairs.
 */
export function buildRepositoryReviewerPrompt(input: RepositoryReviewerPromptInput): Prompt {
  const system = [
    "You debug a change to a code repository whose test command failed in a sandbox.",
    "Find the root cause and fix it minimally. Answer with the files to change, each whole; files you leave out keep their current content.",
    "Change the tests only when they contradict the task; never weaken or delete a test to make the run pass.",
    ...REPOSITORY_RULES.slice(1, 3).map((rule) => `- ${rule}`),
    "confidence (0..1): how likely your fix makes the tests pass. Below 0.5, propose a different approach instead of a patch.",
    `Reply with JSON only: {"root_cause": string, "error_type": ${ERROR_TYPES.map((type) => `"${type}"`).join("|")}, "fix_description": string, "confidence": number, "changes_made": string[], ${CHANGES_JSON}, "explanation": string}`,
  ].join("\n");
  const parts = [
    `Task:\n${input.task.trim()}`,
    `Attempt ${input.attempt} of ${input.maxAttempts} failed: \`${input.testCommand}\`.`,
    `Test feedback (failures first):\n${input.feedback.trim() || "(no output)"}`,
    ...input.changedFiles.map((file) => showFile(file, "changed")),
    ...input.contextFiles.map((file) => showFile(file)),
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

function showFile(file: PromptFile, label?: string): string {
  const fenceMark = file.content.includes("```") ? "~~~~" : "```";
  return `File ${file.path}${label ? ` (${label})` : ""}:\n${fenceMark}\n${file.content.trimEnd()}\n${fenceMark}`;
}
