import type { ModelCall } from "../agents/index.js";
import { ModelOutputError } from "../errors/index.js";
import { estimateUsage, type GenerateRequest, type LanguageModel } from "../llm/index.js";

/**
 * Wraps a model so that every call it makes, answered or rejected as invalid output, is
 * reported as a {@link ModelCall}: the one path by which the pipeline counts tokens and cost,
 * for every agent, the classifier included. `onCall` may throw (a budget passed) to stop the
 * caller after the call.
 */
export function meterModel(
  model: LanguageModel,
  options: { now: () => number; onCall: (call: ModelCall) => void },
): LanguageModel {
  return {
    id: model.id,
    provider: model.provider,
    model: model.model,
    async generate(request) {
      const input = requestText(request);
      const started = options.now();
      try {
        const result = await model.generate(request);
        options.onCall({
          input,
          output: result.text,
          inputTokens: result.usage.inputTokens,
          outputTokens: result.usage.outputTokens,
          estimated: result.usage.estimated,
          latencyMs: result.latencyMs,
          durationMs: options.now() - started,
          model: result.model,
        });
        return result;
      } catch (error) {
        if (error instanceof ModelOutputError) {
          // A rejected answer still cost tokens; counted locally when the provider did not say.
          const usage = error.usage ?? (await estimateUsage(request, error.output));
          const durationMs = options.now() - started;
          options.onCall({
            input,
            output: error.output,
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            estimated: usage.estimated,
            latencyMs: durationMs,
            durationMs,
            model: model.model,
          });
        }
        throw error;
      }
    },
  };
}

function requestText(request: GenerateRequest<unknown>): string {
  return [request.system ?? "", ...request.messages.map((message) => message.content)].join("\n");
}
