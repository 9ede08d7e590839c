import { randomBytes } from "node:crypto";
import { type ExecutionSpec, pythonCheckRunner } from "@codeforge/core";

/** The file a check run holds the sample's program in, beside the runner (`main.py`). */
export const SAMPLE_FILE = "sample.py";

/** The file a check run holds the checks in; the runner deletes it before the sample starts. */
export const CHECK_PROGRAM_FILE = "checks.py";

/**
 * A fresh, unguessable pass marker for one check run. Only the runner's own process ever
 * holds it, and it prints it as the last line of stdout only after every check returned.
 */
export function createPassMarker(): string {
  return `codeforge-checks-passed-${randomBytes(16).toString("hex")}`;
}

/** A sample's check, in two parts that run in two processes (`buildCheckParts`). */
export interface CheckParts {
  /** The sample's program (with what the reference harness runs before it), run as `__main__`. */
  sample: string;
  /** The checks, run by the runner with the sample's global names bound to proxies. */
  checks: string;
  /** Send the sample's `print`s to /dev/null (HumanEval+, as EvalPlus does). */
  silenceSample?: boolean;
}

/** What an executor runs to judge one sample: the runner, the two parts, the marker. */
export type CheckRun = Required<Pick<ExecutionSpec, "code" | "files" | "stdin">>;

/**
 * Wraps a sample's check into a run whose stdout ends with `passMarker` exactly when every
 * check ran to its end; judge it with `judgeRun(run, { passMarker })`. The runner (see
 * `pythonCheckRunner` in @codeforge/core) runs the sample in a child process that never holds the marker
 * and sees only the arguments it is called with; the checks run in the runner, which alone
 * reads the marker (from stdin, after the child exists) and prints it.
 */
export function buildCheckRun(parts: CheckParts, passMarker: string): CheckRun {
  return {
    code: pythonCheckRunner({
      sampleFile: SAMPLE_FILE,
      checksFile: CHECK_PROGRAM_FILE,
      silenceSample: parts.silenceSample === true,
    }),
    files: { [SAMPLE_FILE]: parts.sample, [CHECK_PROGRAM_FILE]: parts.checks },
    stdin: `${passMarker}\n`,
  };
}
