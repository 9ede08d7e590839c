import type { Config } from "../config/index.js";
import { BudgetExceededError } from "./budget-exceeded-error.js";
import type { Clock } from "./clock.js";

/** What a run has spent so far. */
export interface RunUsage {
  tokens: number;
  costUsd: number;
}

/**
 * The run's limits in one place: USD, tokens and wall time, and the caller's cancellation.
 * Every stop goes through one abort path: passing a limit aborts {@link RunBudget.signal}
 * with a {@link BudgetExceededError}, a caller's abort with its reason, so a model call,
 * a sandbox run or a backoff in flight is cut off at once.
 */
export interface RunBudget {
  /** Aborts on the caller's signal and on any limit passed; hand it to every call. */
  readonly signal: AbortSignal;
  /** Adds a model call's tokens and cost; over a limit, aborts and throws the budget error. */
  charge(usage: RunUsage): void;
  /** Aborts when the wall time is used up; true when the run must stop. */
  exhausted(): boolean;
  usage(): Readonly<RunUsage>;
  /** Stops the wall-time timer and forgets the caller's signal. */
  release(): void;
}

/** Options of {@link createRunBudget}. */
export interface RunBudgetOptions {
  budgets: Config["budgets"];
  clock: Clock;
  startedAt: number;
  /** The caller's cancellation. */
  signal?: AbortSignal;
}

/** Creates the budget of one run; its wall-time timer runs until {@link RunBudget.release}. */
export function createRunBudget(options: RunBudgetOptions): RunBudget {
  const { budgets, clock, startedAt } = options;
  const controller = new AbortController();
  const spent: RunUsage = { tokens: 0, costUsd: 0 };
  const onCallerAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const exceed = (error: BudgetExceededError) => {
    if (!controller.signal.aborted) controller.abort(error);
  };
  // A hung call is cut off at the wall-time limit rather than waited for.
  const wallTimer = setTimeout(
    () =>
      exceed(
        new BudgetExceededError(
          "wall_time",
          budgets.maxWallTimeSeconds,
          budgets.maxWallTimeSeconds,
        ),
      ),
    budgets.maxWallTimeSeconds * 1000,
  );
  wallTimer.unref?.();

  const overLimit = (): BudgetExceededError | null => {
    if (budgets.maxCostUsd !== undefined && spent.costUsd > budgets.maxCostUsd) {
      return new BudgetExceededError("cost", budgets.maxCostUsd, spent.costUsd);
    }
    if (budgets.maxTokens !== undefined && spent.tokens > budgets.maxTokens) {
      return new BudgetExceededError("tokens", budgets.maxTokens, spent.tokens);
    }
    const elapsedSeconds = (clock.now() - startedAt) / 1000;
    if (elapsedSeconds > budgets.maxWallTimeSeconds) {
      return new BudgetExceededError("wall_time", budgets.maxWallTimeSeconds, elapsedSeconds);
    }
    return null;
  };

  return {
    signal: controller.signal,
    charge(usage) {
      spent.tokens += usage.tokens;
      spent.costUsd += usage.costUsd;
      const exceeded = overLimit();
      if (exceeded) {
        exceed(exceeded);
        throw exceeded;
      }
    },
    exhausted() {
      if (controller.signal.aborted) return true;
      const exceeded = overLimit();
      if (exceeded) exceed(exceeded);
      return exceeded !== null;
    },
    usage: () => ({ ...spent }),
    release() {
      clearTimeout(wallTimer);
      options.signal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
