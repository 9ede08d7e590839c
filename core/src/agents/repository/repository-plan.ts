import { countTokens } from "gpt-tokenizer";
import { z } from "zod";
import type { WorkspaceSnapshot } from "../../workspace/index.js";
import { SubtaskSchema, validatePlan } from "../plan.js";

/** At most this many files the planner may ask to read. */
export const MAX_PLANNED_FILES = 8;

/** At most this many tokens (gpt-tokenizer) of file contents the planner may ask to read. */
export const MAX_PLANNED_FILE_TOKENS = 12_000;

/**
 * What the planner of a repository task returns: the plan, and the existing files the
 * coder needs to read (their contents go into the coder's prompt).
 */
export const RepositoryPlanSchema = z.object({
  reasoning: z.string(),
  subtasks: z.array(SubtaskSchema).min(1).max(6),
  files: z
    .array(z.string())
    .describe("existing repository paths to read before changing code, most relevant first"),
});
export type RepositoryPlan = z.infer<typeof RepositoryPlanSchema>;

/**
 * The plan's structural checks, and that every file to read exists in the snapshot with
 * readable text, at most {@link MAX_PLANNED_FILES} of them.
 */
export function validateRepositoryPlan(
  plan: RepositoryPlan,
  snapshot: WorkspaceSnapshot,
): string[] {
  const problems = validatePlan(plan);
  if (plan.files.length > MAX_PLANNED_FILES) {
    problems.push(
      `files lists ${plan.files.length} paths: name at most ${MAX_PLANNED_FILES}, the most relevant`,
    );
  }
  const known = new Map(snapshot.files.map((file) => [file.path, file]));
  let tokens = 0;
  for (const path of new Set(plan.files)) {
    const file = known.get(path);
    if (!file) {
      problems.push(
        `files names "${path}", which is not in the repository map: name existing files only`,
      );
    } else if (file.content === null) {
      problems.push(`files names "${path}", which is not a readable text file (${file.skipped})`);
    } else {
      tokens += countTokens(file.content);
    }
  }
  if (tokens > MAX_PLANNED_FILE_TOKENS) {
    problems.push(
      `files hold ${tokens} tokens, more than ${MAX_PLANNED_FILE_TOKENS}: name fewer or smaller files, the ones the change needs most`,
    );
  }
  return problems;
}
