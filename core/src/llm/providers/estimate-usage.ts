import type { GenerateRequest, Usage } from "../language-model.js";

/**
 * Counts tokens locally (gpt-tokenizer, o200k encoding) for a provider that reported none.
 * The count is close for OpenAI models and a fair estimate for others; `estimated` says so.
 * The tokenizer's tables load on first use only, so a process that never needs it never pays.
 */
export async function estimateUsage(
  request: Pick<GenerateRequest, "system" | "messages">,
  output: string,
): Promise<Usage> {
  const { countTokens } = await import("gpt-tokenizer");
  const input = [request.system ?? "", ...request.messages.map((message) => message.content)];
  return {
    inputTokens: input.reduce((sum, text) => sum + (text === "" ? 0 : countTokens(text)), 0),
    outputTokens: output === "" ? 0 : countTokens(output),
    estimated: true,
  };
}

/**
 * The usage a provider reported, or a local estimate for whichever count it left out.
 */
export async function usageOrEstimate(
  reported: { inputTokens?: number | null; outputTokens?: number | null },
  request: Pick<GenerateRequest, "system" | "messages">,
  output: string,
): Promise<Usage> {
  const { inputTokens, outputTokens } = reported;
  if (typeof inputTokens === "number" && typeof outputTokens === "number") {
    return { inputTokens, outputTokens, estimated: false };
  }
  const estimate = await estimateUsage(request, output);
  return {
    inputTokens: typeof inputTokens === "number" ? inputTokens : estimate.inputTokens,
    outputTokens: typeof outputTokens === "number" ? outputTokens : estimate.outputTokens,
    estimated: true,
  };
}
