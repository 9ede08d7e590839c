import { mergeSegments, type Plan, runCoder, topologicalOrder } from "../../agents/index.js";
import type { LanguageModel } from "../../llm/index.js";
import { runAgentStep } from "../agent-step.js";
import { checkpoint, llmSettings, type RunContext } from "../run-context.js";
import type { ProgramArtifact } from "../run-state.js";
import { proceed, type StepResult } from "../task-stop.js";

/**
 * Writes the program: the coder once per subtask in dependency order, each seeing the code
 * written so far; the segments are merged into one program (imports deduplicated, one main
 * guard) and their tests joined.
 */
export async function codeStep(
  run: RunContext,
  state: { model: LanguageModel; plan: Plan },
): Promise<StepResult<ProgramArtifact>> {
  const { model, plan } = state;
  const codeSegments: string[] = [];
  const testSegments: string[] = [];
  for (const subtask of topologicalOrder(plan) ?? plan.subtasks) {
    const halt = checkpoint(run);
    if (halt) return { ok: false, stop: halt };
    const segment = await runAgentStep(run, {
      agent: "coder",
      detail: `step ${subtask.id} of ${plan.subtasks.length}`,
      model,
      work: async (meter) =>
        (
          await runCoder({
            model: meter(model),
            task: run.task.prompt,
            language: run.language,
            plan,
            subtask,
            priorCode: codeSegments.length > 0 ? mergeSegments(run.language, codeSegments) : "",
            syntaxChecker: run.syntaxChecker,
            // A benchmark's answer is a function its harness calls, not a program to run.
            requireEntryPoint: run.task.source !== "benchmark",
            ...llmSettings(run),
          })
        ).value,
      reasoning: (value) => value.explanation,
    });
    if (!segment.ok) return segment;
    codeSegments.push(segment.value.code);
    if (segment.value.tests.trim()) testSegments.push(segment.value.tests.trim());
  }
  const artifact = {
    code: mergeSegments(run.language, codeSegments),
    tests: testSegments.join("\n\n"),
  };
  run.recorder.emit({ type: "code.generated", ...artifact, by: "coder" });
  return proceed(artifact);
}
