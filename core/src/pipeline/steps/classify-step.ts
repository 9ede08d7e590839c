import type { Complexity } from "../../agents/index.js";
import {
  classifyComplexity,
  classifyComplexityWithModel,
  type LanguageModel,
} from "../../llm/index.js";
import { runAgentStep } from "../agent-step.js";
import type { RunContext } from "../run-context.js";
import type { ComplexityClassification } from "../run-task-deps.js";
import type { StepResult } from "../task-stop.js";

/** What classification decides: the task's tier and the model that will do the work. */
export interface Classified {
  complexity: Complexity;
  model: LanguageModel;
  classification: ComplexityClassification;
}

/**
 * Rates the task and picks its model: the router does both; with a pinned model the tier
 * comes from the task, the injected classifier, the LLM classifier (on the pinned model)
 * or the heuristic, in that order.
 */
export function classifyStep(run: RunContext): Promise<StepResult<Classified>> {
  return runAgentStep<Classified>(run, {
    agent: "classifier",
    model: run.pinnedModel ?? null,
    instrumented: false,
    work: (meter) =>
      run.pinnedModel ? classifyPinned(run, run.pinnedModel, meter) : route(run, meter),
    reasoning: ({ complexity, model, classification }) =>
      `rated ${complexity}${classification.score === undefined ? "" : ` (score ${classification.score.toFixed(2)})`}: ${classification.reasoning ?? "classified"}; model ${model.id}`,
    withoutModel: ({ classification }) => ({ input: run.task.prompt, output: classification }),
    completedDetail: ({ complexity, model, classification }) => ({
      complexity,
      model: model.id,
      ...(classification.reasoning ? { reason: classification.reasoning } : {}),
    }),
  });
}

async function classifyPinned(
  run: RunContext,
  model: LanguageModel,
  meter: (model: LanguageModel) => LanguageModel,
): Promise<Classified> {
  const { task, config } = run;
  const classification: ComplexityClassification = task.complexity
    ? { complexity: task.complexity, reasoning: "complexity given with the task" }
    : run.classify
      ? await run.classify(task.prompt)
      : config.routing.llmClassifier
        ? await classifyWithModel(run, meter(model))
        : heuristic(run);
  return { complexity: classification.complexity, model, classification };
}

async function classifyWithModel(
  run: RunContext,
  model: LanguageModel,
): Promise<ComplexityClassification> {
  const assessment = await classifyComplexityWithModel(run.task.prompt, {
    model,
    routing: run.config.routing,
    signal: run.signal,
    ...(run.logger ? { logger: run.logger } : {}),
  });
  return {
    complexity: assessment.level,
    score: assessment.score,
    reasoning: `${assessment.source}: ${assessment.reasoning}`,
  };
}

function heuristic(run: RunContext): ComplexityClassification {
  const assessment = classifyComplexity(run.task.prompt, run.config.routing);
  return {
    complexity: assessment.level,
    score: assessment.score,
    reasoning: assessment.reasoning,
  };
}

async function route(
  run: RunContext,
  meter: (model: LanguageModel) => LanguageModel,
): Promise<Classified> {
  const router = run.router;
  if (!router) throw new TypeError("classifyStep: a run without a pinned model needs a router");
  const decision = await router.route(run.task.prompt, {
    signal: run.signal,
    observeModel: meter,
    ...(run.task.complexity ? { level: run.task.complexity } : {}),
    ...(run.logger ? { logger: run.logger } : {}),
  });
  return {
    complexity: decision.complexity.level,
    model: decision.model,
    classification: {
      complexity: decision.complexity.level,
      score: decision.complexity.score,
      reasoning: decision.reason,
    },
  };
}
