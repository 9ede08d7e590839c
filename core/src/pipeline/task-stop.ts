import { CodeForgeError, ModelOutputError } from "../errors/index.js";
import { BudgetExceededError } from "./budget-exceeded-error.js";
import type { StopReason } from "./task-result.js";

/** Why a run ends before its artifact passed, in words for the error trail. */
export interface TaskStop {
  reason: Exclude<StopReason, "completed">;
  message: string;
  /**
   * For an `error` stop, whose fault it was: the model's (its answer stayed invalid after the
   * re-ask: an honest failure) or the infrastructure's (a provider, the sandbox, the store:
   * worth another attempt).
   */
  fault?: TaskFault;
}

/** Whose fault an `error` stop was. */
export type TaskFault = "model_output" | "infrastructure";

/**
 * What a step returns: its value, or the stop that ends the run. Steps never throw to end a
 * run; a fault of the infrastructure that escapes a step becomes a stop in {@link stopForError}.
 */
export type StepResult<T> = { ok: true; value: T } | { ok: false; stop: TaskStop };

/** A step's value. */
export function proceed<T>(value: T): StepResult<T> {
  return { ok: true, value };
}

/** A step's decision to end the run. */
export function stop<T = never>(reason: TaskStop["reason"], message: string): StepResult<T> {
  return { ok: false, stop: { reason, message } };
}

/**
 * The stop an error or an aborted signal means: a budget, a cancellation (with the caller's
 * reason), or an error while the run was in `status`.
 */
export function stopForError(error: unknown, signal: AbortSignal, status: string): TaskStop {
  if (signal.aborted) {
    if (signal.reason instanceof BudgetExceededError) {
      return { reason: "budget_exceeded", message: signal.reason.message };
    }
    const why = signal.reason instanceof Error ? `: ${signal.reason.message}` : "";
    return { reason: "cancelled", message: `cancelled${why}` };
  }
  if (error instanceof BudgetExceededError) {
    return { reason: "budget_exceeded", message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof CodeForgeError ? error.name : "error";
  return {
    reason: "error",
    message: `${kind} while ${status}: ${message}`,
    fault: error instanceof ModelOutputError ? "model_output" : "infrastructure",
  };
}
