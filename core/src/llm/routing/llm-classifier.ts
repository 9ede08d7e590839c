import type { Logger } from "pino";
import { z } from "zod";
import { TASK_COMPLEXITIES, type TaskComplexity } from "../../task/task-complexity.js";
import type { LanguageModel } from "../language-model.js";
import { parseModelOutputOrThrow } from "../structured/parse-model-output.js";
import { type ComplexityAssessment, classifyComplexity, type RoutingConfig } from "./complexity.js";

/** The seed's JSON contract of the LLM classifier's answer. */
export const ComplexityAnswerSchema = z.object({
  level: z.enum(TASK_COMPLEXITIES),
  confidence: z.number().min(0).max(1),
  reasoning: z.string().min(1),
});

export type ComplexityAnswer = z.infer<typeof ComplexityAnswerSchema>;

/** The score given to each level an LLM names, the middle of the level's default range. */
const LEVEL_SCORES: Readonly<Record<TaskComplexity, number>> = {
  simple: 0.15,
  medium: 0.5,
  hard: 0.85,
};

const SYSTEM_PROMPT = `You classify programming tasks by how hard they are to implement correctly.
Answer with JSON only: {"level": ${TASK_COMPLEXITIES.map((level) => `"${level}"`).join(" | ")}, "confidence": number between 0 and 1, "reasoning": one sentence}.
simple: a single short function or script (hello world, FizzBuzz, basic math or string work).
medium: a few functions or a class, file or data handling, a known algorithm.
hard: several components, databases, APIs, concurrency, distributed systems, optimisation or machine learning.`;

/** Options of {@link classifyComplexityWithModel}. */
export interface LlmClassifierOptions {
  model: LanguageModel;
  routing: Pick<RoutingConfig, "simpleThreshold" | "complexThreshold">;
  logger?: Pick<Logger, "warn" | "debug">;
  signal?: AbortSignal;
}

/**
 * Asks a model to classify a task (the seed's contract: level, confidence, reasoning,
 * validated with zod). On any error — the call fails, the answer is not JSON or not of the
 * contract — it logs a warning and returns the heuristic's answer instead, so classification
 * never stops a task. Cancellation is not an error: an aborted signal rethrows.
 */
export async function classifyComplexityWithModel(
  prompt: string,
  options: LlmClassifierOptions,
): Promise<ComplexityAssessment> {
  const heuristic = classifyComplexity(prompt, options.routing);
  try {
    const result = await options.model.generate({
      system: SYSTEM_PROMPT,
      messages: [{ role: "user", content: `Task:\n${prompt}` }],
      temperature: 0,
      maxTokens: 200,
      schema: ComplexityAnswerSchema,
      schemaName: "complexity",
      signal: options.signal,
    });
    // Providers parse with the schema already; a model that answered text only is read the
    // same way (fences and prose stripped), and an answer outside the contract throws.
    const answer =
      result.object !== undefined
        ? ComplexityAnswerSchema.parse(result.object)
        : parseModelOutputOrThrow(result.text, ComplexityAnswerSchema, {
            provider: options.model.provider,
            model: options.model.model,
            usage: result.usage,
          });
    options.logger?.debug(
      { model: options.model.id, level: answer.level, confidence: answer.confidence },
      "LLM classifier answered",
    );
    return {
      level: answer.level,
      score: LEVEL_SCORES[answer.level],
      confidence: answer.confidence,
      reasoning: answer.reasoning,
      source: "llm",
      indicators: heuristic.indicators,
    };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    options.logger?.warn(
      { model: options.model.id, error: error instanceof Error ? error.message : String(error) },
      `LLM classifier failed, using the heuristic classifier instead (${heuristic.level})`,
    );
    return heuristic;
  }
}
