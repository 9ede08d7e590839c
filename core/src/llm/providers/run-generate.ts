import type { ProviderError } from "../../errors/index.js";
import type { GenerateRequest, GenerateResult } from "../language-model.js";
import { type AttemptContext, withRetry } from "../retry/index.js";
import { parseModelOutputOrThrow } from "../structured/parse-model-output.js";
import { usageOrEstimate } from "./estimate-usage.js";
import type { ProviderModelOptions } from "./provider-model-options.js";

/** What one successful attempt at a provider produced, before usage estimation and parsing. */
export interface ProviderAnswer {
  text: string;
  /** The model that answered, as the provider reports it. */
  model: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  /** The answer stopped at the output token limit. */
  truncated: boolean;
  requestId?: string | null;
}

/**
 * The part every provider shares: run the attempt under the retry loop, measure latency, fill
 * in usage (estimated where the provider reported none), and parse and validate the answer when
 * the request has a schema (throwing `ModelOutputError` when it does not match).
 */
export async function runGenerate<T>(
  request: GenerateRequest<T>,
  options: ProviderModelOptions & {
    provider: string;
    toProviderError: (error: unknown) => ProviderError;
  },
  attempt: (context: AttemptContext) => Promise<ProviderAnswer>,
): Promise<GenerateResult<T>> {
  const now = options.now ?? Date.now;
  const started = now();
  const answer = await withRetry(attempt, {
    provider: options.provider,
    maxRetries: options.llm.maxRetries,
    timeoutMs: options.llm.timeoutMs,
    signal: request.signal,
    sleep: options.sleep,
    now,
    random: options.random,
    logger: options.logger,
    toProviderError: options.toProviderError,
  });
  const latencyMs = Math.max(0, now() - started);
  const usage = await usageOrEstimate(answer, request, answer.text);
  options.logger?.debug(
    {
      provider: options.provider,
      model: answer.model,
      requestId: answer.requestId ?? undefined,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      estimated: usage.estimated,
      latencyMs,
    },
    `${options.provider}/${answer.model} answered in ${latencyMs} ms`,
  );
  const result: GenerateResult<T> = { text: answer.text, usage, latencyMs, model: answer.model };
  if (request.schema) {
    result.object = parseModelOutputOrThrow(answer.text, request.schema, {
      provider: options.provider,
      model: answer.model,
      truncated: answer.truncated,
      usage,
    });
  }
  return result;
}
