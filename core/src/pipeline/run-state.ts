import type { Complexity, Plan } from "../agents/index.js";
import type { LanguageModel } from "../llm/index.js";
import type { PreviousRepair } from "../prompts/index.js";
import type { TaskAttempt } from "./task-result.js";

/**
 * A program task's artifact: the program and the tests that decide whether it passes.
 * (A repository task's artifact is a set of file changes; the loop does not care which.)
 */
export interface ProgramArtifact {
  code: string;
  tests: string;
}

/**
 * The one record of what a run has learned so far. Steps read it and return values; only
 * the loop in `runTask` writes it, so a reader follows the run from top to bottom.
 */
export interface RunState<Artifact = ProgramArtifact> {
  complexity: Complexity | null;
  model: LanguageModel | null;
  plan: Plan | null;
  artifact: Artifact | null;
  /** The last run's stdout (and stderr when it failed). */
  finalOutput: string | null;
  /** Repairs applied. */
  retryCount: number;
  attempts: TaskAttempt[];
  /** What earlier repairs tried, for the reviewer. */
  previousRepairs: PreviousRepair[];
}

/** The state of a run before its first step. */
export function initialRunState<Artifact>(): RunState<Artifact> {
  return {
    complexity: null,
    model: null,
    plan: null,
    artifact: null,
    finalOutput: null,
    retryCount: 0,
    attempts: [],
    previousRepairs: [],
  };
}
