import { ConfigError, type ConfigIssue } from "../../errors/config-error.js";
import { NO_PROVIDER_HEADLINE } from "./no-provider-advice.js";

/**
 * No LLM provider can serve a task: no key is set and Ollama does not answer. Its issues
 * name each variable to set (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `OLLAMA_HOST`).
 */
export class NoProviderError extends ConfigError {
  constructor(issues: readonly ConfigIssue[]) {
    super(issues);
    this.message = `${NO_PROVIDER_HEADLINE}\n${issues
      .map((issue) => `  - ${issue.source}: ${issue.message}`)
      .join("\n")}`;
  }
}
