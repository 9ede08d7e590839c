import type { Usage } from "../llm/language-model.js";
import { CodeForgeError, type CodeForgeErrorOptions } from "./codeforge-error.js";

/** One validation problem of a model's structured output. */
export interface ModelOutputIssue {
  path: string;
  message: string;
}

/** Options of a {@link ModelOutputError}. */
export interface ModelOutputErrorOptions extends CodeForgeErrorOptions {
  /** The raw text the model returned. */
  output: string;
  /** What made it invalid (zod issues, or a JSON parse error). */
  issues: readonly ModelOutputIssue[];
  /** What the call that produced the output consumed, when it is known: it still costs. */
  usage?: Usage;
}

/**
 * A model's output stayed invalid after the corrective re-ask. Carries the raw output
 * and the issues so the caller can log or show them.
 */
export class ModelOutputError extends CodeForgeError {
  readonly output: string;
  readonly issues: readonly ModelOutputIssue[];
  readonly usage: Usage | undefined;

  constructor(message: string, options: ModelOutputErrorOptions) {
    super(message, options);
    this.output = options.output;
    this.issues = options.issues;
    this.usage = options.usage;
  }
}
