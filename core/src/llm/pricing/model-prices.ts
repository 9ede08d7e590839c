/** A model's price in USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

const price = (inputPerMillion: number, outputPerMillion: number): ModelPrice => ({
  inputPerMillion,
  outputPerMillion,
});

const FREE = price(0, 0);

/**
 * Built-in prices in USD per million input/output tokens (standard tier: no batch, no cache).
 *
 * Sources, read in November 2026:
 * - OpenAI: the pricing page https://platform.openai.com/docs/pricing (as mirrored by
 *   developers.openai.com/api/docs/pricing). o3 is at its June 2025 price ($2/$8, not the
 *   launch price of $10/$40).
 * - Anthropic: https://platform.claude.com/docs/en/about-claude/pricing ("Model pricing").
 *   Claude 3.5 Sonnet is no longer listed there; its $3/$15 is from
 *   https://www.anthropic.com/news/claude-3-5-sonnet.
 * - Ollama models run locally and cost nothing per token.
 *
 * Keys are the API model names without a date suffix; {@link normalizeModelName} maps
 * `gpt-4o-2024-08-06`, `claude-sonnet-4-20250514` or `claude-3-5-haiku-latest` onto them.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  "gpt-5": price(1.25, 10),
  "gpt-5-mini": price(0.25, 2),
  "gpt-5-nano": price(0.05, 0.4),
  "gpt-4.1": price(2, 8),
  "gpt-4.1-mini": price(0.4, 1.6),
  "gpt-4.1-nano": price(0.1, 0.4),
  "gpt-4o": price(2.5, 10),
  "gpt-4o-mini": price(0.15, 0.6),
  o3: price(2, 8),
  "o3-mini": price(1.1, 4.4),
  "o4-mini": price(1.1, 4.4),
  "gpt-3.5-turbo": price(0.5, 1.5),
  // Anthropic
  "claude-opus-4-5": price(5, 25),
  "claude-opus-4-1": price(15, 75),
  "claude-opus-4": price(15, 75),
  "claude-sonnet-4-5": price(3, 15),
  "claude-sonnet-4": price(3, 15),
  "claude-haiku-4-5": price(1, 5),
  "claude-3-7-sonnet": price(3, 15),
  "claude-3-5-sonnet": price(3, 15),
  "claude-3-5-haiku": price(0.8, 4),
  "claude-3-opus": price(15, 75),
  "claude-3-haiku": price(0.25, 1.25),
  // Local models served by Ollama (any tag: `llama3:8b`, `llama3:70b-instruct`, …)
  llama3: FREE,
  "llama3.1": FREE,
  "llama3.2": FREE,
  "llama3.3": FREE,
  codellama: FREE,
  "qwen2.5-coder": FREE,
  "qwen3-coder": FREE,
  "deepseek-coder": FREE,
  "deepseek-coder-v2": FREE,
  mistral: FREE,
  phi3: FREE,
  phi4: FREE,
  gemma2: FREE,
  gemma3: FREE,
};

/** Anthropic aliases such as `claude-sonnet-4-0` name the same model as `claude-sonnet-4`. */
const ANTHROPIC_ZERO_ALIAS = /^(claude-(?:opus|sonnet|haiku)-\d)-0$/;
const DATE_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;

/**
 * The table key a model name is priced under: lower case, without `provider/`, a date
 * suffix, `-latest`, or the `-0` of Anthropic's aliases.
 *
 * @example normalizeModelName("openai/gpt-4o-2024-08-06") // "gpt-4o"
 */
export function normalizeModelName(model: string): string {
  let name = model.trim().toLowerCase();
  const slash = name.indexOf("/");
  if (slash >= 0 && /^(openai|anthropic|ollama)$/.test(name.slice(0, slash))) {
    name = name.slice(slash + 1);
  }
  name = name.replace(/-latest$/, "").replace(DATE_SUFFIX, "");
  return name.replace(ANTHROPIC_ZERO_ALIAS, "$1");
}
