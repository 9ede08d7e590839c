import { CodeForgeError } from "@codeforge/core";

/** One input that cannot be used as given: its kebab-case name and what is wrong. */
export interface ActionInputIssue {
  input: string;
  message: string;
}

/**
 * The workflow passed inputs the Action cannot work with. It lists every such input at
 * once, by the name the workflow's `with:` block uses, so one edit fixes them all.
 */
export class ActionInputError extends CodeForgeError {
  readonly issues: readonly ActionInputIssue[];

  constructor(issues: readonly ActionInputIssue[]) {
    const lines = issues.map((issue) => `- input "${issue.input}": ${issue.message}`);
    super(
      `The action's inputs are invalid; fix them in the step's \`with:\` block:\n${lines.join("\n")}`,
    );
    this.issues = issues;
  }
}
