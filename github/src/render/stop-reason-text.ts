import type { StopReason } from "@codeforge/core";

/** Why a run stopped, in words, and what the person can do about it. */
export interface StopExplanation {
  why: string;
  whatToDo: string;
}

const EXPLANATIONS: Record<StopReason, StopExplanation> = {
  completed: {
    why: "The changes passed the repository's tests.",
    whatToDo: "Review the pull request.",
  },
  retries_exhausted: {
    why: "Every repair was used and the tests still failed.",
    whatToDo:
      "Say more precisely what should change (files, expected behaviour), or raise `maxRetries` in `.github/codeforge.yml`, then comment again.",
  },
  low_confidence: {
    why: "The reviewer was too unsure of its diagnosis to keep going.",
    whatToDo: "Add detail to the task: the failing case, the expected output, the files involved.",
  },
  budget_exceeded: {
    why: "The run reached its cost or token budget.",
    whatToDo:
      "Narrow the task, or raise the budget in `.github/codeforge.yml` (within the operator's cap).",
  },
  cancelled: {
    why: "The run was cancelled.",
    whatToDo: "Comment `/codeforge` again to start over.",
  },
  error: {
    why: "An infrastructure fault stopped the run (a provider, the sandbox or GitHub failed).",
    whatToDo: "Try again in a few minutes; if it keeps failing, tell the operator of this App.",
  },
};

/** The words for a stop reason. */
export function explainStop(reason: StopReason): StopExplanation {
  return EXPLANATIONS[reason];
}
