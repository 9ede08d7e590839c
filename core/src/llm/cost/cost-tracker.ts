import type { Pricing, TokenCounts } from "../pricing/pricing.js";

/** One model call as the tracker is told about it. */
export interface CallCost extends TokenCounts {
  /** The model that answered, e.g. `gpt-4o-mini` or `openai/gpt-4o-mini`. */
  model: string;
  /**
   * The provider that served it, when `model` does not say: a model served by `ollama` is
   * free whatever its name.
   */
  provider?: string;
  /** Which agent made the call: `classifier`, `planner`, `coder`, `reviewer`, … */
  agent: string;
  /** What the call cost; computed from the pricing table when left out. */
  costUsd?: number;
  durationMs: number;
}

/** A recorded call, its cost settled. */
export interface RecordedCall extends CallCost {
  costUsd: number;
}

/** Totals of one model. */
export interface ModelCostSummary {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
}

/** Totals of one agent. */
export interface AgentCostSummary {
  calls: number;
  totalTokens: number;
  costUsd: number;
  durationMs: number;
}

/** What a run cost, and what it would have cost on the baseline model alone. */
export interface CostSummary {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  totalCostUsd: number;
  totalDurationMs: number;
  byModel: Record<string, ModelCostSummary>;
  byAgent: Record<string, AgentCostSummary>;
  /** The model every call is compared against (`routing.baselineModel`). */
  baselineModel: string;
  /** What the same tokens would have cost on the baseline model. */
  baselineCostUsd: number;
  /** `baselineCostUsd - totalCostUsd`; negative when routing cost more than the baseline. */
  savingsUsd: number;
  /** Savings as a percentage of the baseline cost, 0 when the baseline cost is 0. */
  savingsPercent: number;
}

/** Options of {@link CostTracker}. */
export interface CostTrackerOptions {
  pricing: Pricing;
  /** Usually `config.routing.baselineModel`, e.g. `openai/gpt-4o`. */
  baselineModel: string;
}

/**
 * Adds up what model calls cost: totals, by model, by agent, and the savings against running
 * every call on one baseline model (what routing cheap tasks to cheap models earns).
 *
 * @example
 * const tracker = new CostTracker({ pricing, baselineModel: config.routing.baselineModel });
 * tracker.record({ model: result.model, agent: "coder", ...result.usage, durationMs: result.latencyMs });
 * tracker.summary().savingsUsd;
 */
export class CostTracker {
  readonly #pricing: Pricing;
  readonly #baselineModel: string;
  #calls: RecordedCall[] = [];

  constructor(options: CostTrackerOptions) {
    this.#pricing = options.pricing;
    this.#baselineModel = options.baselineModel;
  }

  /** Records one call and returns it with its cost. */
  record(call: CallCost): RecordedCall {
    const priced =
      call.provider && !call.model.includes("/") ? `${call.provider}/${call.model}` : call.model;
    const recorded: RecordedCall = {
      model: call.model,
      ...(call.provider ? { provider: call.provider } : {}),
      agent: call.agent,
      inputTokens: call.inputTokens,
      outputTokens: call.outputTokens,
      durationMs: call.durationMs,
      costUsd: call.costUsd ?? this.#pricing.costOf(priced, call),
    };
    this.#calls.push(recorded);
    return recorded;
  }

  /** The calls recorded since the last reset, oldest first. */
  get calls(): readonly RecordedCall[] {
    return this.#calls;
  }

  /** Totals over every call recorded since the last reset. */
  summary(): CostSummary {
    const summary: CostSummary = {
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      totalCostUsd: 0,
      totalDurationMs: 0,
      byModel: {},
      byAgent: {},
      baselineModel: this.#baselineModel,
      baselineCostUsd: 0,
      savingsUsd: 0,
      savingsPercent: 0,
    };
    for (const call of this.#calls) {
      const tokens = call.inputTokens + call.outputTokens;
      summary.calls += 1;
      summary.inputTokens += call.inputTokens;
      summary.outputTokens += call.outputTokens;
      summary.totalTokens += tokens;
      summary.totalCostUsd += call.costUsd;
      summary.totalDurationMs += call.durationMs;
      summary.baselineCostUsd += this.#pricing.costOf(this.#baselineModel, call);

      const model = summary.byModel[call.model] ?? emptyModelSummary();
      summary.byModel[call.model] = model;
      model.calls += 1;
      model.inputTokens += call.inputTokens;
      model.outputTokens += call.outputTokens;
      model.totalTokens += tokens;
      model.costUsd += call.costUsd;

      const agent = summary.byAgent[call.agent] ?? {
        calls: 0,
        totalTokens: 0,
        costUsd: 0,
        durationMs: 0,
      };
      summary.byAgent[call.agent] = agent;
      agent.calls += 1;
      agent.totalTokens += tokens;
      agent.costUsd += call.costUsd;
      agent.durationMs += call.durationMs;
    }
    summary.savingsUsd = summary.baselineCostUsd - summary.totalCostUsd;
    summary.savingsPercent =
      summary.baselineCostUsd > 0 ? (summary.savingsUsd / summary.baselineCostUsd) * 100 : 0;
    return summary;
  }

  /** Forgets every recorded call. */
  reset(): void {
    this.#calls = [];
  }
}

function emptyModelSummary(): ModelCostSummary {
  return { calls: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 };
}
