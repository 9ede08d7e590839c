import type { AttemptExecution, TaskAttempt } from "./task-result.js";

function describeExecution(execution: AttemptExecution): string {
  if (execution.blocked) return "blocked by the sandbox guard";
  if (execution.timedOut) return "timed out";
  if (execution.oomKilled) return "ran out of memory";
  const lastLine =
    execution.stderr
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? "";
  return `exit code ${execution.exitCode ?? "none"}${lastLine ? `: ${lastLine}` : ""}`;
}

/** The error trail of every attempt, then why the task stopped. */
export function errorTrail(attempts: readonly TaskAttempt[], stop: string): string {
  const lines: string[] = [];
  for (const attempt of attempts) {
    if (attempt.passed) continue;
    lines.push(`attempt ${attempt.attempt + 1}: ${describeExecution(attempt.execution)}`);
    if (attempt.review) {
      lines.push(
        `  diagnosis: ${attempt.review.error_type}: ${attempt.review.root_cause} (confidence ${attempt.review.confidence})`,
      );
    }
  }
  lines.push(`stopped: ${stop}`);
  return lines.join("\n");
}
