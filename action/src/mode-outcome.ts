import type { ActionOutputs } from "./outputs/action-outputs.js";

/** What a mode hands back to `runAction`: the outputs, the job summary, the exit code. */
export interface ModeOutcome {
  outputs: ActionOutputs;
  /** Markdown for the job summary. */
  summary: string;
  /** 0 unless the Action itself could not work, or a failure was asked to fail the job. */
  exitCode: number;
}
