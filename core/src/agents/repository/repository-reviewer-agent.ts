import type { LanguageModel } from "../../llm/index.js";
import {
  buildRepositoryReviewerPrompt,
  type RepositoryReviewerPromptInput,
} from "../../prompts/repository-prompts.js";
import type { ChangePathOptions, FileChange } from "../../workspace/index.js";
import { callSettings, callStructured, type StructuredCallResult } from "../model-call.js";
import type { SyntaxChecker } from "../syntax-checker.js";
import { checkChangedSources } from "./check-changed-sources.js";
import { createRepositoryReviewSchema, type RepositoryReview } from "./repository-answers.js";

/** What the repository reviewer needs. */
export interface RepositoryReviewerOptions extends RepositoryReviewerPromptInput {
  model: LanguageModel;
  syntaxChecker: SyntaxChecker;
  paths?: ChangePathOptions;
  /** Problems applying the changes to the repository (a file to delete that is not there). */
  checkChanges?: (changes: readonly FileChange[]) => readonly string[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

/**
 * Diagnoses a failed test run of a repository change and returns the files that fix it,
 * re-asked once when the answer changes nothing, names a forbidden path or does not parse.
 */
export function runRepositoryReviewer(
  options: RepositoryReviewerOptions,
): Promise<StructuredCallResult<RepositoryReview>> {
  const prompt = buildRepositoryReviewerPrompt(options);
  return callStructured({
    model: options.model,
    schema: createRepositoryReviewSchema(options.paths),
    schemaName: "repository_review",
    system: prompt.system,
    user: prompt.user,
    validate: async (answer) => [
      ...(answer.changes.length === 0 ? ["changes is empty: a fix changes at least one file"] : []),
      ...(options.checkChanges?.(answer.changes) ?? []),
      ...(await checkChangedSources(answer.changes, options.syntaxChecker, options.signal)),
    ],
    ...callSettings(options),
  });
}
