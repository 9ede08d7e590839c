import { type Plan, runPlanner, singleStepPlan } from "../../agents/index.js";
import type { LanguageModel } from "../../llm/index.js";
import { runAgentStep } from "../agent-step.js";
import { llmSettings, type RunContext } from "../run-context.js";
import type { RunState } from "../run-state.js";
import type { StepResult } from "../task-stop.js";

/**
 * Plans the task. A simple task is one function: a planner call would cost a full round
 * trip of tokens to say "one step", so it gets the single-step plan without a model call
 * (docs/pipeline.md has the measured saving).
 */
export function planStep(
  run: RunContext,
  state: Pick<RunState, "complexity"> & { model: LanguageModel },
): Promise<StepResult<Plan>> {
  const { model } = state;
  if (state.complexity === "simple") {
    return runAgentStep(run, {
      agent: "planner",
      detail: "single step",
      model: null,
      instrumented: false,
      work: async () => singleStepPlan(run.task.prompt),
      reasoning: (plan) => plan.reasoning,
      withoutModel: (plan) => ({ input: null, output: plan }),
    });
  }
  return runAgentStep(run, {
    agent: "planner",
    model,
    work: async (meter) =>
      (
        await runPlanner({
          model: meter(model),
          task: run.task.prompt,
          language: run.language,
          ...llmSettings(run),
        })
      ).value,
    reasoning: (plan) => plan.reasoning,
  });
}
