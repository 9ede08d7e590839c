import type { LanguageModel } from "../../llm/index.js";
import { buildRepositoryCoderPrompt, type PromptFile } from "../../prompts/repository-prompts.js";
import type { ChangePathOptions, FileChange } from "../../workspace/index.js";
import { callSettings, callStructured, type StructuredCallResult } from "../model-call.js";
import type { Subtask } from "../plan.js";
import type { SyntaxChecker } from "../syntax-checker.js";
import { checkChangedSources } from "./check-changed-sources.js";
import { createRepositoryCodeSchema, type RepositoryCode } from "./repository-answers.js";

/** What the repository coder needs for one subtask. */
export interface RepositoryCoderOptions {
  model: LanguageModel;
  task: string;
  map: string;
  testCommand: string;
  subtasks: readonly Subtask[];
  subtask: Subtask;
  files: readonly PromptFile[];
  changedSoFar: readonly string[];
  syntaxChecker: SyntaxChecker;
  paths?: ChangePathOptions;
  /** Problems applying the changes to the repository (a file to delete that is not there). */
  checkChanges?: (changes: readonly FileChange[]) => readonly string[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

/**
 * Writes the changes of one subtask of a repository task as whole files. The answer must
 * change at least one file, name only allowed paths and parse (Python); otherwise the
 * model is asked once more with the problems.
 */
export function runRepositoryCoder(
  options: RepositoryCoderOptions,
): Promise<StructuredCallResult<RepositoryCode>> {
  const prompt = buildRepositoryCoderPrompt(options);
  return callStructured({
    model: options.model,
    schema: createRepositoryCodeSchema(options.paths),
    schemaName: "repository_changes",
    system: prompt.system,
    user: prompt.user,
    validate: async (answer) => [
      ...(answer.changes.length === 0 ? ["changes is empty: change at least one file"] : []),
      ...(options.checkChanges?.(answer.changes) ?? []),
      ...(await checkChangedSources(answer.changes, options.syntaxChecker, options.signal)),
    ],
    ...callSettings(options),
  });
}
