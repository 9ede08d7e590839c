import { describe, expect, it } from "vitest";
import { PricingConfigSchema } from "../../config/config-schema.js";
import { ConfigError } from "../../errors/config-error.js";
import { normalizeModelName } from "./model-prices.js";
import { createPricing } from "./pricing.js";
import { createCaptureLogger, WARN_LEVEL } from "./test-support/capture-logger.js";

const defaults = PricingConfigSchema.parse({});

describe("normalizeModelName", () => {
  it.each([
    ["openai/gpt-4o-2024-08-06", "gpt-4o"],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["anthropic/claude-sonnet-4-20250514", "claude-sonnet-4"],
    ["claude-3-5-haiku-latest", "claude-3-5-haiku"],
    ["claude-opus-4-0", "claude-opus-4"],
    ["ollama/llama3:8b", "llama3:8b"],
    ["GPT-4.1-Mini", "gpt-4.1-mini"],
  ])("maps %s to %s", (model, expected) => {
    expect(normalizeModelName(model)).toBe(expected);
  });
});

describe("createPricing", () => {
  it("prices a call from the built-in table in USD per million tokens", () => {
    const pricing = createPricing(defaults);

    // gpt-4o-mini: 1200 × $0.15/M + 300 × $0.60/M = $0.00018 + $0.00018
    expect(
      pricing.costOf("openai/gpt-4o-mini", { inputTokens: 1200, outputTokens: 300 }),
    ).toBeCloseTo(0.00036, 12);
    // claude-sonnet-4 (dated id): 10 000 × $3/M + 2 000 × $15/M = $0.03 + $0.03
    expect(
      pricing.costOf("claude-sonnet-4-20250514", { inputTokens: 10_000, outputTokens: 2_000 }),
    ).toBeCloseTo(0.06, 12);
    expect(pricing.priceOf("gpt-4o")).toEqual({
      inputPerMillion: 2.5,
      outputPerMillion: 10,
      source: "builtin",
    });
  });

  it("prices local Ollama models at zero, whatever the tag", () => {
    const pricing = createPricing(defaults);

    expect(pricing.costOf("ollama/llama3:8b", { inputTokens: 50_000, outputTokens: 9_000 })).toBe(
      0,
    );
    expect(
      pricing.costOf("ollama/some-model-nobody-priced", { inputTokens: 10, outputTokens: 10 }),
    ).toBe(0);
    expect(pricing.priceOf("qwen2.5-coder:7b-instruct").source).toBe("local");
  });

  it("lets the configuration override a built-in price and add new models", () => {
    const pricing = createPricing(
      PricingConfigSchema.parse({
        models: {
          "gpt-4o": { inputPerMillion: 2, outputPerMillion: 8 },
          "my-finetune": { inputPerMillion: 1, outputPerMillion: 1 },
        },
      }),
    );

    expect(
      pricing.costOf("openai/gpt-4o-2024-11-20", { inputTokens: 1_000_000, outputTokens: 500_000 }),
    ).toBeCloseTo(6, 12);
    expect(pricing.priceOf("my-finetune")).toEqual({
      inputPerMillion: 1,
      outputPerMillion: 1,
      source: "config",
    });
    // A configured price wins even for a model Ollama serves.
    const local = createPricing(
      PricingConfigSchema.parse({
        models: { "ollama/llama3:8b": { inputPerMillion: 0.1, outputPerMillion: 0.1 } },
      }),
    );
    expect(
      local.costOf("ollama/llama3:8b", { inputTokens: 1_000_000, outputTokens: 0 }),
    ).toBeCloseTo(0.1, 12);
  });

  it("prices an unknown model like the default model and warns once", () => {
    const { logger, lines } = createCaptureLogger();
    const pricing = createPricing(PricingConfigSchema.parse({ defaultModel: "gpt-4o" }), {
      logger,
    });

    const first = pricing.costOf("mystery-model", { inputTokens: 1_000, outputTokens: 1_000 });
    const second = pricing.costOf("mystery-model", { inputTokens: 1_000, outputTokens: 1_000 });

    // priced like gpt-4o: 1000 × $2.50/M + 1000 × $10/M
    expect(first).toBeCloseTo(0.0125, 12);
    expect(second).toBe(first);
    expect(pricing.priceOf("mystery-model").source).toBe("default");
    const warnings = lines.filter((line) => line.level === WARN_LEVEL);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('"mystery-model"');
    expect(warnings[0]?.msg).toContain("pricing.models");
    expect(warnings[0]?.pricedAs).toBe("gpt-4o");
  });

  it("refuses a default model it cannot price, naming the setting", () => {
    const attempt = () => createPricing(PricingConfigSchema.parse({ defaultModel: "nope-1" }));

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/pricing\.defaultModel=nope-1 has no price/);
  });
});
