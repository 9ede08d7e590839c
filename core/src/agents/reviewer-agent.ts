import type { LanguageModel } from "../llm/index.js";
import { buildReviewerPrompt, type ReviewerPromptInput } from "../prompts/index.js";
import { checkGeneratedCode } from "./coder-agent.js";
import {
  callSettings,
  callStructured,
  type ModelCall,
  type StructuredCallResult,
} from "./model-call.js";
import { type Review, ReviewSchema } from "./review.js";
import type { SyntaxChecker } from "./syntax-checker.js";

/** What the reviewer needs: the failing run and the model and checker to diagnose it with. */
export interface ReviewerOptions extends ReviewerPromptInput {
  model: LanguageModel;
  syntaxChecker: SyntaxChecker;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onCall?: (call: ModelCall) => void | Promise<void>;
  now?: () => number;
}

/**
 * Diagnoses a failed run and proposes the complete fixed program. The reply must match
 * the review schema (confidence 0..1, a known error type) and its fixed code must parse
 * and import only allowed modules; otherwise the model is asked once more.
 */
export function runReviewer(options: ReviewerOptions): Promise<StructuredCallResult<Review>> {
  const prompt = buildReviewerPrompt(options);
  return callStructured({
    model: options.model,
    schema: ReviewSchema,
    schemaName: "review",
    system: prompt.system,
    user: prompt.user,
    validate: async (review) => {
      const missing = [
        ...(review.root_cause.trim() ? [] : ["root_cause is empty: name the cause of the failure"]),
        ...(review.fixed_code.trim()
          ? []
          : ["fixed_code is empty: return the complete fixed program"]),
      ];
      if (missing.length > 0) return missing;
      return checkGeneratedCode(
        options.language,
        {
          fixed_code: review.fixed_code,
          ...(review.fixed_tests ? { fixed_tests: review.fixed_tests } : {}),
        },
        options.syntaxChecker,
        options.signal,
      );
    },
    ...callSettings(options),
  });
}
