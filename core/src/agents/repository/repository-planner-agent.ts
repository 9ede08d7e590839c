import type { LanguageModel } from "../../llm/index.js";
import { buildRepositoryPlannerPrompt } from "../../prompts/repository-prompts.js";
import type { WorkspaceSnapshot } from "../../workspace/index.js";
import { callSettings, callStructured, type StructuredCallResult } from "../model-call.js";
import {
  MAX_PLANNED_FILES,
  type RepositoryPlan,
  RepositoryPlanSchema,
  validateRepositoryPlan,
} from "./repository-plan.js";

/** What the repository planner needs. */
export interface RepositoryPlannerOptions {
  model: LanguageModel;
  task: string;
  snapshot: WorkspaceSnapshot;
  map: string;
  testCommand: string;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

/**
 * Asks the model for the plan of a change to a repository and the files it must read,
 * validated (plan rules; files exist and are text), with one corrective re-ask.
 */
export function runRepositoryPlanner(
  options: RepositoryPlannerOptions,
): Promise<StructuredCallResult<RepositoryPlan>> {
  const prompt = buildRepositoryPlannerPrompt({
    task: options.task,
    map: options.map,
    testCommand: options.testCommand,
    maxFiles: MAX_PLANNED_FILES,
  });
  return callStructured({
    model: options.model,
    schema: RepositoryPlanSchema,
    schemaName: "repository_plan",
    system: prompt.system,
    user: prompt.user,
    validate: (plan) => validateRepositoryPlan(plan, options.snapshot),
    ...callSettings(options),
  });
}
