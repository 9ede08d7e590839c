import type { Config } from "../../config/index.js";
import { ConfigError } from "../../errors/index.js";
import type { LanguageModel, ProviderName } from "../language-model.js";
import type { Sleep } from "../retry/index.js";
import { createAnthropicModel } from "./anthropic-model.js";
import { createOllamaModel } from "./ollama-model.js";
import { createOpenAIModel } from "./openai-model.js";
import type { ProviderLogger } from "./provider-model-options.js";

/** Which model to build. */
export interface LanguageModelChoice {
  provider: ProviderName;
  /** The model name at the provider, e.g. `gpt-4o-mini`. */
  model: string;
}

/** Collaborators of {@link createLanguageModel}; every one is optional. */
export interface CreateLanguageModelOptions {
  logger?: ProviderLogger;
  /** The fetch the SDKs use (a proxy-aware fetch, or a test's). */
  fetch?: typeof fetch;
  /** Waits between retries; tests pass a fake clock's sleep. */
  sleep?: Sleep;
  /** The clock for latency and `retry-after` dates. */
  now?: () => number;
  /**
   * More values to keep out of provider error messages (e.g. `secretsOf(config)`); every
   * provider key in `config.providers` is kept out already.
   */
  secrets?: readonly string[];
}

/**
 * Builds the {@link LanguageModel} for a provider and model from configuration: keys and base
 * URLs from `providers` (filled from `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY`,
 * `ANTHROPIC_BASE_URL`, `OLLAMA_HOST`), timeout and retries from `llm`. A missing key is a
 * {@link ConfigError} naming the variable to set. Error messages of every provider are
 * redacted of every configured key and of anything shaped like a key.
 *
 * @example
 * const model = createLanguageModel({ provider: "openai", model: "gpt-4o-mini" }, config, { logger });
 * const { text, usage } = await model.generate({ messages: [{ role: "user", content: "Hi" }] });
 */
export function createLanguageModel(
  choice: LanguageModelChoice,
  config: Pick<Config, "providers" | "llm">,
  options: CreateLanguageModelOptions = {},
): LanguageModel {
  // A provider or proxy may echo any key it was sent, not only its own.
  const secrets = [
    config.providers.openai.apiKey,
    config.providers.anthropic.apiKey,
    ...(options.secrets ?? []),
  ].filter((secret): secret is string => typeof secret === "string" && secret !== "");
  const shared = { model: choice.model, llm: config.llm, ...options, secrets };
  switch (choice.provider) {
    case "openai": {
      const { apiKey, baseUrl, organization } = config.providers.openai;
      return createOpenAIModel({
        ...shared,
        apiKey: requireKey(apiKey, "openai", "OPENAI_API_KEY"),
        baseUrl,
        organization,
      });
    }
    case "anthropic": {
      const { apiKey, baseUrl } = config.providers.anthropic;
      return createAnthropicModel({
        ...shared,
        apiKey: requireKey(apiKey, "anthropic", "ANTHROPIC_API_KEY"),
        baseUrl,
      });
    }
    case "ollama":
      return createOllamaModel({ ...shared, host: config.providers.ollama.host });
    default: {
      const unknown: never = choice.provider;
      throw new ConfigError([
        {
          path: "provider",
          source: `provider "${String(unknown)}"`,
          message: "is not known: choose openai, anthropic or ollama",
        },
      ]);
    }
  }
}

function requireKey(key: string | undefined, provider: ProviderName, variable: string): string {
  if (key) return key;
  throw new ConfigError([
    {
      path: `providers.${provider}.apiKey`,
      source: variable,
      message: "is not set: set it, or choose another provider with --provider",
    },
  ]);
}
