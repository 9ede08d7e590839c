import { PROVIDER_NAMES, type ProviderName } from "../language-model.js";

/** A provider and one of its models, e.g. `{ provider: "openai", model: "gpt-4o-mini" }`. */
export interface ModelChoice {
  provider: ProviderName;
  model: string;
}

/**
 * Splits `provider/model` (the configuration's form) into its parts. The model part may hold
 * further slashes or colons (`ollama/llama3:8b`).
 *
 * @example parseModelChoice("ollama/llama3:8b") // { provider: "ollama", model: "llama3:8b" }
 */
export function parseModelChoice(reference: string): ModelChoice {
  const slash = reference.indexOf("/");
  const provider = reference.slice(0, slash);
  const model = reference.slice(slash + 1);
  if (slash <= 0 || !model || !isProviderName(provider)) {
    throw new TypeError(
      `"${reference}" is not a model reference: write provider/model with provider one of ${PROVIDER_NAMES.join(", ")}, e.g. openai/gpt-4o-mini`,
    );
  }
  return { provider, model };
}

/** `provider/model` of a choice. */
export function formatModelChoice(choice: ModelChoice): string {
  return `${choice.provider}/${choice.model}`;
}

function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}
