import type { ExecutionResult } from "@codeforge/core";

/** How a sample fared against its hidden tests. */
export const SAMPLE_VERDICTS = ["passed", "failed", "timed_out"] as const;

/** One of {@link SAMPLE_VERDICTS}. */
export type SampleVerdict = (typeof SAMPLE_VERDICTS)[number];

/** A verdict with the text written back as `result` and an excerpt of the error. */
export interface JudgedRun {
  verdict: SampleVerdict;
  /** `passed`, `timed out`, or `failed: <the error's last line>` (human-eval's wording). */
  result: string;
  /** The end of stderr when the sample failed (at most 20 lines, 2,000 characters); else empty. */
  errorExcerpt: string;
}

const EXCERPT_LINES = 20;
const EXCERPT_CHARACTERS = 2_000;

/** The last lines of a program's error output, bounded for reports and the results file. */
export function errorExcerpt(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  const tail = lines.slice(-EXCERPT_LINES).join("\n");
  return tail.length > EXCERPT_CHARACTERS ? tail.slice(-EXCERPT_CHARACTERS) : tail;
}

/** What {@link judgeRun} needs besides the run. */
export interface JudgeRunOptions {
  /** The budget the run had, for the timed-out excerpt. */
  timeoutSeconds: number;
  /** The run's pass marker (`createPassMarker`), printed last only when every check ran. */
  passMarker: string;
}

/**
 * Turns the run of a check program (built by `buildCheckRun`) into a verdict. It passes
 * only with exit code 0 AND the run's pass marker as the last line of stdout: a program
 * that exits early with status 0 never printed it. A pass is decided before any failure
 * is classified: a correct program may mention "MemoryError" on stderr, and such text
 * must not turn it into "out of memory".
 */
export function judgeRun(run: ExecutionResult, options: JudgeRunOptions): JudgedRun {
  const { timeoutSeconds, passMarker } = options;
  const marked = lastLine(run.stdout) === passMarker;
  if (run.exitCode === 0 && marked && !run.timedOut && run.blocked !== true) {
    return { verdict: "passed", result: "passed", errorExcerpt: "" };
  }
  if (run.timedOut) {
    return {
      verdict: "timed_out",
      result: "timed out",
      errorExcerpt: `no result within ${timeoutSeconds} s`,
    };
  }
  if (run.blocked === true) {
    const reason = run.blockReason ?? "no reason given";
    return {
      verdict: "failed",
      result: `failed: blocked by the static guard (${reason})`,
      errorExcerpt: reason,
    };
  }
  if (run.oomKilled) {
    return {
      verdict: "failed",
      result: "failed: out of memory",
      errorExcerpt: errorExcerpt(run.stderr) || "killed: out of memory",
    };
  }
  const excerpt = errorExcerpt(run.stderr);
  if (run.exitCode === 0) {
    const reason = run.truncated
      ? "the output passed the sandbox's limit, so the end of the checks could not be seen"
      : "the program exited before its checks finished (exit code 0, checks not completed)";
    return { verdict: "failed", result: `failed: ${reason}`, errorExcerpt: excerpt || reason };
  }
  const errorLine = excerpt.split("\n").at(-1)?.trim() ?? "";
  const reason = errorLine !== "" ? errorLine : `exit code ${run.exitCode ?? "none (killed)"}`;
  return { verdict: "failed", result: `failed: ${reason}`, errorExcerpt: excerpt || reason };
}

function lastLine(stdout: string): string | undefined {
  return stdout.trimEnd().split("\n").at(-1)?.trim();
}
