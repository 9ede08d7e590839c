export { buildCoderPrompt, type CoderPromptInput } from "./coder-prompt.js";
export { buildPlannerPrompt, type PlannerPromptInput } from "./planner-prompt.js";
export { fence, LANGUAGE_LABELS, type Prompt } from "./prompt.js";
export {
  buildRepositoryCoderPrompt,
  buildRepositoryPlannerPrompt,
  buildRepositoryReviewerPrompt,
  type PromptFile,
  type RepositoryCoderPromptInput,
  type RepositoryPlannerPromptInput,
  type RepositoryReviewerPromptInput,
} from "./repository-prompts.js";
export {
  buildReviewerPrompt,
  DEFAULT_OUTPUT_BUDGET_CHARS,
  type PreviousRepair,
  type ReviewerPromptInput,
} from "./reviewer-prompt.js";
export { trimOutput } from "./trim-output.js";
