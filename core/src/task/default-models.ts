import type { ProviderName } from "../llm/language-model.js";
import { TASK_COMPLEXITIES, type TaskComplexity } from "./task-complexity.js";

/**
 * The model each provider serves each tier with by default. Routing uses it when a tier's
 * configured provider is unavailable and a fallback provider answers; the configured tier
 * defaults ({@link DEFAULT_ROUTING_MODELS}) are drawn from it.
 */
export const DEFAULT_TIER_MODELS: Readonly<
  Record<ProviderName, Readonly<Record<TaskComplexity, string>>>
> = {
  openai: { simple: "gpt-4o-mini", medium: "gpt-4o-mini", hard: "gpt-4o" },
  anthropic: { simple: "claude-haiku-4-5", medium: "claude-haiku-4-5", hard: "claude-sonnet-4-5" },
  ollama: { simple: "llama3:8b", medium: "llama3:8b", hard: "llama3:8b" },
};

/** The provider each tier goes to by default: a local model for simple tasks, OpenAI above. */
export const DEFAULT_TIER_PROVIDERS: Readonly<Record<TaskComplexity, ProviderName>> = {
  simple: "ollama",
  medium: "openai",
  hard: "openai",
};

/**
 * The default `routing.models`: per tier, `provider/model` of its default provider's model
 * for that tier.
 *
 * @example DEFAULT_ROUTING_MODELS.simple // "ollama/llama3:8b"
 */
export const DEFAULT_ROUTING_MODELS: Readonly<Record<TaskComplexity, string>> = Object.freeze(
  Object.fromEntries(
    TASK_COMPLEXITIES.map((tier) => {
      const provider = DEFAULT_TIER_PROVIDERS[tier];
      return [tier, `${provider}/${DEFAULT_TIER_MODELS[provider][tier]}`];
    }),
  ) as Record<TaskComplexity, string>,
);

/**
 * The default `routing.baselineModel`, which savings are estimated against: the hard tier's
 * default model, as if every call ran on it.
 */
export const DEFAULT_BASELINE_MODEL: string = DEFAULT_ROUTING_MODELS.hard;
