import type { z } from "zod";

/** The LLM providers CodeForge talks to. */
export const PROVIDER_NAMES = ["openai", "anthropic", "ollama"] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** One turn of a conversation. The system prompt travels separately. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** A request to a language model. */
export interface GenerateRequest<T = unknown> {
  system?: string;
  messages: readonly ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** When given, the model is asked for JSON of this shape (native JSON mode where it exists). */
  schema?: z.ZodType<T>;
  /** A name for the schema, used by providers whose schema mode wants one. */
  schemaName?: string;
  signal?: AbortSignal;
  /** Called with each streamed text delta, when the provider streams. */
  onText?: (delta: string) => void;
}

/** Tokens a call used. `estimated` is true when counted locally because the provider gave none. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
}

/** What a language model answered. */
export interface GenerateResult<T = unknown> {
  text: string;
  /** The parsed, validated object when the request had a schema. */
  object?: T;
  usage: Usage;
  latencyMs: number;
  /** The model that actually answered, as the provider reports it. */
  model: string;
}

/**
 * A language model: an id plus `generate`. Implementations wrap the vendors' SDKs; tests
 * use a scripted model that records what it was asked.
 */
export interface LanguageModel {
  /** `provider/model`, e.g. `openai/gpt-4o-mini`. */
  readonly id: string;
  readonly provider: string;
  readonly model: string;
  generate<T = unknown>(request: GenerateRequest<T>): Promise<GenerateResult<T>>;
}
