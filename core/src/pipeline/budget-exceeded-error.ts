import { CodeForgeError } from "../errors/index.js";

/** Which per-task limit a run passed. */
export type BudgetKind = "cost" | "tokens" | "wall_time";

/** A task passed one of its budgets (USD, tokens or wall time) and was stopped. */
export class BudgetExceededError extends CodeForgeError {
  readonly kind: BudgetKind;
  readonly limit: number;
  readonly used: number;

  constructor(kind: BudgetKind, limit: number, used: number) {
    const what =
      kind === "cost"
        ? `cost budget of $${limit} exceeded ($${used.toFixed(4)} spent): raise --budget-usd or budgets.maxCostUsd`
        : kind === "tokens"
          ? `token budget of ${limit} exceeded (${used} used): raise budgets.maxTokens`
          : `wall-time budget of ${limit} s exceeded (${Math.round(used)} s): raise budgets.maxWallTimeSeconds`;
    super(`The ${what}.`);
    this.kind = kind;
    this.limit = limit;
    this.used = used;
  }
}
