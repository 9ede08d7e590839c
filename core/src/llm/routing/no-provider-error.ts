import { ConfigError, type ConfigIssue } from "../../errors/config-error.js";

/**
 * No LLM provider can serve a task: no key is set and Ollama does not answer. Its issues
 * name each variable to set (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `OLLAMA_HOST`).
 */
export class NoProviderError extends ConfigError {
  constructor(issues: readonly ConfigIssue[]) {
    super(issues);
    this.message = `No LLM provider is available. Set up at least one:\n${issues
      .map((issue) => `  - ${issue.source}: ${issue.message}`)
      .join("\n")}`;
  }
}
