import type { Language } from "../executor/index.js";
import type { LanguageModel } from "../llm/index.js";
import { buildPlannerPrompt } from "../prompts/index.js";
import {
  callSettings,
  callStructured,
  type ModelCall,
  type StructuredCallResult,
} from "./model-call.js";
import { type Plan, PlanSchema, validatePlan } from "./plan.js";

/** What the planner needs. */
export interface PlannerOptions {
  model: LanguageModel;
  task: string;
  language: Language;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onCall?: (call: ModelCall) => void | Promise<void>;
  now?: () => number;
}

/**
 * Asks the model for a plan of 1–6 subtasks and validates it (ids 1..n in order, earlier
 * known dependencies, no self-dependency, acyclic, integration last), re-asking once with
 * the problems when it is invalid.
 */
export function runPlanner(options: PlannerOptions): Promise<StructuredCallResult<Plan>> {
  const prompt = buildPlannerPrompt({ task: options.task, language: options.language });
  return callStructured({
    model: options.model,
    schema: PlanSchema,
    schemaName: "plan",
    system: prompt.system,
    user: prompt.user,
    validate: validatePlan,
    ...callSettings(options),
  });
}
