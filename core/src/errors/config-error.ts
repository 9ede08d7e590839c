import { CodeForgeError, type CodeForgeErrorOptions } from "./codeforge-error.js";

/** One invalid setting: where it came from and what is wrong with it. */
export interface ConfigIssue {
  /** Dotted path in the configuration schema, e.g. `sandbox.timeoutSeconds`. */
  path: string;
  /** Where the value came from: an environment variable name, `file:key`, a flag, or `default`. */
  source: string;
  /** What is wrong and what is allowed, e.g. "must be between 5 and 120". */
  message: string;
}

/**
 * Invalid configuration. Lists every problem at once, each with its source, so a user
 * fixes them all in one go.
 */
export class ConfigError extends CodeForgeError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: CodeForgeErrorOptions = {}) {
    super(ConfigError.format(issues), options);
    this.issues = issues;
  }

  /** The first issue's setting path: the field a caller most likely wants to name. */
  get field(): string | undefined {
    return this.issues[0]?.path;
  }

  private static format(issues: readonly ConfigIssue[]): string {
    if (issues.length === 1 && issues[0]) {
      const issue = issues[0];
      return `Invalid configuration: ${issue.source} ${issue.message}`;
    }
    const lines = issues.map((issue) => `  - ${issue.source}: ${issue.message}`);
    return `Invalid configuration (${issues.length} problems):\n${lines.join("\n")}`;
  }
}
