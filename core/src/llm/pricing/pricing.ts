import type { Logger } from "pino";
import type { z } from "zod";
import type { PricingConfigSchema } from "../../config/config-schema.js";
import { ConfigError } from "../../errors/config-error.js";
import { MODEL_PRICES, type ModelPrice, normalizeModelName } from "./model-prices.js";

/** The `pricing` section of the configuration. */
export type PricingConfig = z.infer<typeof PricingConfigSchema>;

/** Token counts a price applies to (a {@link Usage} fits). */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
}

/** Where a model's price came from. `default` means the model was unknown. */
export type PriceSource = "config" | "builtin" | "local" | "default";

/** A model's price and where it came from. */
export interface ResolvedPrice extends ModelPrice {
  source: PriceSource;
}

/** Prices models and calls. Made by {@link createPricing}. */
export interface Pricing {
  /** The model unknown models are priced like. */
  readonly defaultModel: string;
  /** The price of a model (`gpt-4o`, `openai/gpt-4o-2024-08-06`, `ollama/llama3:8b`, …). */
  priceOf(model: string): ResolvedPrice;
  /** What a call with these token counts costs in USD. */
  costOf(model: string, usage: TokenCounts): number;
}

/** Options of {@link createPricing}. */
export interface PricingOptions {
  /** Receives the one warning per unknown model. */
  logger?: Pick<Logger, "warn">;
  /** The built-in table; tests may pass a smaller one. */
  table?: Readonly<Record<string, ModelPrice>>;
}

/**
 * Creates the pricing table: the built-in prices (see {@link MODEL_PRICES}), overridden and
 * extended by `config.models`. Models served by Ollama are free. An unknown model logs a
 * warning once and is priced like `config.defaultModel`.
 *
 * @example
 * const pricing = createPricing(config.pricing, { logger });
 * pricing.costOf("openai/gpt-4o-mini", { inputTokens: 1200, outputTokens: 300 }); // 0.00036
 */
export function createPricing(config: PricingConfig, options: PricingOptions = {}): Pricing {
  const table = options.table ?? MODEL_PRICES;
  const overrides = new Map<string, ModelPrice>();
  for (const [name, price] of Object.entries(config.models)) {
    overrides.set(name, price);
    overrides.set(normalizeModelName(name), price);
  }
  const warned = new Set<string>();

  const lookup = (model: string): ResolvedPrice | undefined => {
    const name = normalizeModelName(model);
    const override = overrides.get(model) ?? overrides.get(name);
    if (override) return { ...override, source: "config" };
    if (/^ollama\//i.test(model.trim()))
      return { inputPerMillion: 0, outputPerMillion: 0, source: "local" };
    const builtin = table[name] ?? table[name.split(":")[0] ?? name];
    if (builtin) {
      const local = builtin.inputPerMillion === 0 && builtin.outputPerMillion === 0;
      return { ...builtin, source: local ? "local" : "builtin" };
    }
    return undefined;
  };

  const fallback = lookup(config.defaultModel);
  if (!fallback) {
    throw new ConfigError([
      {
        path: "pricing.defaultModel",
        source: `pricing.defaultModel=${config.defaultModel}`,
        message:
          "has no price: add it under pricing.models, or choose a model of the built-in table such as gpt-4o-mini",
      },
    ]);
  }

  const priceOf = (model: string): ResolvedPrice => {
    const found = lookup(model);
    if (found) return found;
    const name = normalizeModelName(model);
    if (!warned.has(name)) {
      warned.add(name);
      options.logger?.warn(
        { model, pricedAs: config.defaultModel },
        `No price known for model "${model}": it is priced like ${config.defaultModel}. Add its price under pricing.models in the configuration.`,
      );
    }
    return {
      inputPerMillion: fallback.inputPerMillion,
      outputPerMillion: fallback.outputPerMillion,
      source: "default",
    };
  };

  return {
    defaultModel: config.defaultModel,
    priceOf,
    costOf(model, usage) {
      const price = priceOf(model);
      return (
        (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) /
        1_000_000
      );
    },
  };
}
