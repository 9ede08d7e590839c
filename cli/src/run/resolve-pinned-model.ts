import {
  DEFAULT_TIER_MODELS,
  PROVIDER_NAMES,
  type ProviderName,
  parseModelChoice,
  UsageError,
} from "@codeforge/core";

/** A model pinned with `--provider` / `--model`. */
export interface PinnedModel {
  provider?: string;
  model?: string;
}

function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

/**
 * Resolves `--provider` / `--model` into a provider and model: `--model provider/name`,
 * `--provider p --model name`, or `--provider p` alone (its default model). Undefined when
 * neither is given (routing decides).
 */
export function resolvePinnedModel(
  pinned: PinnedModel,
): { provider: ProviderName; model: string } | undefined {
  if (!pinned.provider && !pinned.model) return undefined;
  if (pinned.provider && !isProviderName(pinned.provider)) {
    throw new UsageError(
      `--provider ${pinned.provider} is not known: choose one of ${PROVIDER_NAMES.join(", ")}.`,
    );
  }
  if (pinned.model?.includes("/") && !pinned.provider) {
    try {
      return parseModelChoice(pinned.model);
    } catch (error) {
      throw new UsageError(`--model ${(error as Error).message}`);
    }
  }
  if (!pinned.provider) {
    throw new UsageError(
      `--model ${pinned.model} needs a provider: write --model openai/${pinned.model} or add --provider.`,
    );
  }
  const provider = pinned.provider as ProviderName;
  return {
    provider,
    model:
      pinned.model ?? DEFAULT_TIER_MODELS[provider].medium /* only --provider: its medium tier */,
  };
}
