import type { RunContext } from "../run-context.js";
import type { ProgramArtifact } from "../run-state.js";
import type { AttemptExecution, TaskAttempt } from "../task-result.js";
import {
  buildTestRun,
  createPassMarker,
  stripPassMarker,
  testRunPassed,
  testRunUnfinished,
} from "../test-program.js";

/** Added to stderr when the program exited 0 before every test ran. */
const EARLY_EXIT_NOTE =
  "codeforge: the program exited with code 0 before all tests ran (an exit in main() or at import time, e.g. sys.exit(0) or process.exit(0)): the tests did not finish, so the run failed";

/**
 * Runs the program with its tests in the sandbox (two processes: `buildTestRun`), streaming
 * its output as events, and judges it: a pass needs exit 0 and the run's fresh pass marker
 * (given on stdin, in no source, read only by the runner) as stdout's last line. Records
 * the run; returns the attempt.
 */
export async function verifyStep(
  run: RunContext,
  artifact: ProgramArtifact,
  attemptNumber: number,
): Promise<TaskAttempt> {
  const { config, language, recorder } = run;
  recorder.emit({ type: "execution.started", attempt: attemptNumber });
  const passMarker = createPassMarker();
  const result = await recorder.span(
    "codeforge.sandbox.run",
    { "codeforge.attempt": attemptNumber, "codeforge.language": language },
    () =>
      run.executor.run({
        language,
        ...buildTestRun(language, artifact.code, artifact.tests, passMarker),
        timeoutMs: config.sandbox.timeoutSeconds * 1000,
        memoryMb: config.sandbox.memoryMb,
        cpus: config.sandbox.cpus,
        signal: run.signal,
        onOutput: (stream, chunk) =>
          recorder.emit({
            type: "execution.output",
            attempt: attemptNumber,
            stream,
            chunk: stripPassMarker(chunk, passMarker),
          }),
      }),
  );
  const passed = testRunPassed(result, passMarker);
  const execution: AttemptExecution = {
    exitCode: result.exitCode,
    stdout: stripPassMarker(result.stdout, passMarker),
    // The reviewer must see why the guard refused the code, or why exit 0 failed.
    stderr:
      result.blocked && result.blockReason
        ? `${result.stderr}${result.blockReason}`
        : !passed && testRunUnfinished(result)
          ? `${result.stderr}${EARLY_EXIT_NOTE}\n`
          : result.stderr,
    timedOut: result.timedOut,
    oomKilled: result.oomKilled,
    blocked: result.blocked ?? false,
    durationMs: result.durationMs,
  };
  recorder.metrics?.recordSandboxExecution(result.durationMs, {
    language,
    outcome: passed ? "passed" : result.timedOut ? "timeout" : result.oomKilled ? "oom" : "failed",
  });
  if (attemptNumber > 0) recorder.metrics?.countRepairAttempt(passed ? "fixed" : "still_failing");
  await recorder.execution({
    attempt: attemptNumber,
    code: artifact.code,
    tests: artifact.tests,
    exitCode: result.exitCode,
    stdout: execution.stdout,
    stderr: execution.stderr,
    timedOut: result.timedOut,
    oomKilled: result.oomKilled,
    truncated: result.truncated,
    blocked: execution.blocked,
    durationMs: result.durationMs,
  });
  recorder.emit({ type: "execution.completed", attempt: attemptNumber, passed, result: execution });
  return { attempt: attemptNumber, code: artifact.code, tests: artifact.tests, execution, passed };
}
