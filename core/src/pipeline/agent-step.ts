import type { AgentName, Complexity, ModelCall } from "../agents/index.js";
import type { LanguageModel } from "../llm/index.js";
import { meterModel } from "./metered-model.js";
import type { RunContext } from "./run-context.js";
import { proceed, type StepResult, stopForError } from "./task-stop.js";

/** Options of {@link runAgentStep}. */
export interface AgentStepOptions<T> {
  agent: AgentName;
  /** Shown beside the agent, e.g. `step 2 of 3` or `repair 1 of 3`. */
  detail?: string;
  /** The model the run works with, named on the step's event (null before routing). */
  model: LanguageModel | null;
  /**
   * The step's work. Every model it calls goes through `meter` first, so each call is
   * counted, priced, checked against the budget and traced.
   */
  work: (meter: (model: LanguageModel) => LanguageModel) => Promise<T>;
  /** The reasoning recorded on the trace of the call that produced the value. */
  reasoning: (value: T) => string;
  /** What the trace of a step that called no model records as its input and output. */
  withoutModel?: (value: T) => { input: unknown; output: unknown };
  /**
   * Whether the step gets a span and a duration metric of its own (default true); the
   * classifier and the single-step plan, which are part of routing, have none.
   */
  instrumented?: boolean;
  /** Extra fields for the step's `agent.completed` event. */
  completedDetail?: (value: T) => { complexity?: Complexity; model?: string; reason?: string };
}

/**
 * Runs one agent step: `agent.started`, the work with every model call metered, a trace per
 * call (one for a step that made none), the metrics, then `agent.completed` saying whether
 * it succeeded. A failure (a budget, a cancellation, invalid output twice, a provider
 * error) comes back as the stop it means.
 */
export async function runAgentStep<T>(
  run: RunContext,
  options: AgentStepOptions<T>,
): Promise<StepResult<T>> {
  const { agent } = options;
  const { recorder } = run;
  const detail = options.detail ? { detail: options.detail } : {};
  recorder.emit({ type: "agent.started", agent, ...detail });
  const started = run.clock.now();
  const made: Array<{ call: ModelCall; costUsd: number; pricedAs: string }> = [];
  const meter = (model: LanguageModel) =>
    meterModel(model, {
      now: () => run.clock.now(),
      onCall: (call) => {
        const costUsd =
          run.costTracker?.record({
            model: model.id,
            agent,
            inputTokens: call.inputTokens,
            outputTokens: call.outputTokens,
            durationMs: call.durationMs,
          }).costUsd ?? 0;
        made.push({ call, costUsd, pricedAs: model.id });
        run.budget.charge({ tokens: call.inputTokens + call.outputTokens, costUsd });
      },
    });

  let outcome: StepResult<T>;
  let failure = "";
  try {
    const value =
      options.instrumented === false
        ? await options.work(meter)
        : await recorder.span(`codeforge.agent.${agent}`, { "codeforge.agent": agent }, () =>
            options.work(meter),
          );
    outcome = proceed(value);
  } catch (error) {
    outcome = { ok: false, stop: stopForError(error, run.signal, recorder.status()) };
    failure =
      outcome.stop.reason === "error"
        ? error instanceof Error
          ? error.message
          : String(error)
        : outcome.stop.reason === "cancelled"
          ? "cancelled"
          : outcome.stop.message;
    if (outcome.stop.reason === "error") {
      run.logger?.error({ err: error, status: recorder.status() }, "task failed on an error");
    }
  }

  if (options.instrumented !== false) {
    recorder.metrics?.recordAgentDuration(agent, run.clock.now() - started);
  }
  for (const { call, costUsd, pricedAs } of made) {
    recorder.metrics?.recordLlmUsage({
      model: pricedAs,
      inputTokens: call.inputTokens,
      outputTokens: call.outputTokens,
      costUsd,
      agent,
    });
  }
  for (const [index, { call, costUsd }] of made.entries()) {
    const answered = outcome.ok && index === made.length - 1;
    await recorder.trace({
      agent,
      input: call.input,
      output: call.output,
      reasoning:
        answered && outcome.ok
          ? options.reasoning(outcome.value)
          : "invalid reply: asked again with the problems",
      inputTokens: call.inputTokens,
      outputTokens: call.outputTokens,
      costUsd,
      durationMs: call.durationMs,
      model: call.model,
    });
  }
  if (made.length === 0 && outcome.ok) {
    const { input, output } = options.withoutModel?.(outcome.value) ?? {
      input: null,
      output: outcome.value,
    };
    await recorder.trace({
      agent,
      input,
      output,
      reasoning: options.reasoning(outcome.value),
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      durationMs: run.clock.now() - started,
      model: null,
    });
  }
  recorder.emit({
    type: "agent.completed",
    agent,
    ...detail,
    durationMs: run.clock.now() - started,
    inputTokens: made.reduce((sum, entry) => sum + entry.call.inputTokens, 0),
    outputTokens: made.reduce((sum, entry) => sum + entry.call.outputTokens, 0),
    costUsd: made.reduce((sum, entry) => sum + entry.costUsd, 0),
    model: options.model?.id ?? null,
    calls: made.length,
    ok: outcome.ok,
    ...(outcome.ok ? (options.completedDetail?.(outcome.value) ?? {}) : { error: failure }),
  });
  return outcome;
}
