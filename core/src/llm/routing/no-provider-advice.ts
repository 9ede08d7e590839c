import { PROVIDER_NAMES, type ProviderName } from "../language-model.js";

const PROVIDER_SETUP: Readonly<Record<ProviderName, { label: string; advice: string }>> = {
  openai: {
    label: "OpenAI",
    advice: "set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible endpoint)",
  },
  anthropic: {
    label: "Anthropic",
    advice: "set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a proxy)",
  },
  ollama: {
    label: "Ollama",
    advice: "start Ollama (ollama serve), or set OLLAMA_HOST to a running server",
  },
};

/** How to make one provider available, as a clause: "set OPENAI_API_KEY (and …)". */
export function providerSetupAdvice(provider: ProviderName): string {
  return PROVIDER_SETUP[provider].advice;
}

/** The first line of every message that says no provider can serve a task. */
export const NO_PROVIDER_HEADLINE = "No LLM provider is available. Set up one of these three:";

/** The same advice in one line, for `codeforge doctor`'s fix column. */
export const NO_PROVIDER_FIX =
  "set OPENAI_API_KEY or ANTHROPIC_API_KEY, or start Ollama (ollama serve) and set OLLAMA_HOST";

/**
 * The message when no provider can serve a task: {@link NO_PROVIDER_HEADLINE} and each
 * provider's setup. The router's `NoProviderError`, `codeforge run` and `doctor` share
 * this wording.
 *
 * @example
 * throw new UsageError(`${noProviderMessage()}\n`codeforge doctor` checks them.`);
 */
export function noProviderMessage(): string {
  return [
    NO_PROVIDER_HEADLINE,
    ...PROVIDER_NAMES.map(
      (provider, index) =>
        `  ${index + 1}. ${PROVIDER_SETUP[provider].label}: ${PROVIDER_SETUP[provider].advice}`,
    ),
  ].join("\n");
}
