import type { RepositoryPlan, RepositoryReview } from "../../agents/index.js";
import { UsageError } from "../../errors/index.js";
import type { RepositoryTestRun, RepositoryTestRunner } from "../../executor/index.js";
import { diffSnapshots, type WorkspaceSnapshot } from "../../workspace/index.js";
import type { ArtifactSteps } from "../artifact-steps.js";
import { guarded, type RunContext } from "../run-context.js";
import type { AttemptExecution, TaskAttempt } from "../task-result.js";
import { proceed } from "../task-stop.js";
import {
  codeRepositoryStep,
  planRepositoryStep,
  repairRepositoryStep,
  reviewRepositoryStep,
} from "./repository-agent-steps.js";
import type {
  RepositoryArtifact,
  RepositoryBaseline,
  RepositoryTaskInput,
} from "./repository-task.js";
import { judgeRepositoryRun, requiredTestsOf, testKey } from "./repository-verdict.js";

/**
 * The steps of a repository task: the repository's tests run once before any change (the
 * baseline), the planner reads the repo map and names the files to read, the coder and the
 * reviewer answer with whole-file changes, and each attempt runs the repository's own test
 * command on the changed snapshot in the sandbox, judged from the runner's report.
 */
export function createRepositorySteps(
  input: RepositoryTaskInput,
  runner: RepositoryTestRunner | undefined,
): ArtifactSteps<RepositoryArtifact, RepositoryPlan, RepositoryReview> {
  if (!runner) {
    throw new UsageError(
      "A repository task needs a repositoryRunner in runTask's dependencies: pass the sandbox's (createRepositoryTestRunner).",
    );
  }
  const known: { baseline: RepositoryBaseline | null } = { baseline: null };
  const runTests = (run: RunContext, snapshot: WorkspaceSnapshot, attempt: number) =>
    run.recorder.span(
      "codeforge.sandbox.run",
      { "codeforge.attempt": attempt, "codeforge.language": input.testCommand.language },
      () =>
        runner.run({
          snapshot,
          testCommand: input.testCommand,
          // Setup always sees the base snapshot: the agent's changes never run with a network.
          ...(input.setup === undefined
            ? {}
            : { setup: { command: input.setup, snapshot: input.snapshot } }),
          timeoutMs: run.config.sandbox.timeoutSeconds * 1000,
          memoryMb: run.config.sandbox.memoryMb,
          cpus: run.config.sandbox.cpus,
          signal: run.signal,
          onOutput: (stream, chunk) =>
            attempt >= 0 && run.recorder.emit({ type: "execution.output", attempt, stream, chunk }),
        }),
    );

  return {
    async prepare(run) {
      const started = run.clock.now();
      const ran = await guarded(
        run,
        () => runTests(run, input.snapshot, -1),
        "running the repository's tests before any change",
      );
      if (!ran.ok) return ran;
      const verdict = judgeRepositoryRun(ran.value, null, []);
      const failing = (ran.value.report?.tests ?? [])
        .filter((test) => test.outcome === "failed" || test.outcome === "errored")
        .map(testKey);
      known.baseline = {
        passed: verdict.passed,
        failing,
        tests: ran.value.report?.tests.filter((test) => test.outcome !== "skipped").length ?? 0,
      };
      run.recorder.emit({
        type: "baseline.completed",
        ...known.baseline,
        durationMs: run.clock.now() - started,
      });
      if (!verdict.passed) {
        run.logger?.warn(
          { failing: failing.length, reasons: verdict.reasons },
          "the repository's tests fail before any change: the goal is no new failures and passing new tests",
        );
      }
      return proceed(undefined);
    },
    plan: (run, state) => planRepositoryStep(run, input, state.model),
    async code(run, state) {
      const coded = await codeRepositoryStep(run, input, state);
      if (coded.ok) {
        const { patch } = diffSnapshots(input.snapshot, coded.value.snapshot);
        run.recorder.emit({
          type: "code.generated",
          code: patch,
          tests: input.testCommand.command,
          by: "coder",
        });
      }
      return coded;
    },
    async verify(run, artifact, attempt) {
      const { recorder } = run;
      recorder.emit({ type: "execution.started", attempt });
      const result = await runTests(run, artifact.snapshot, attempt);
      const required = requiredTestsOf(
        artifact.changes.filter((change) => change.content !== null).map((change) => change.path),
      );
      const verdict = judgeRepositoryRun(result, known.baseline, required);
      const { patch } = diffSnapshots(input.snapshot, artifact.snapshot);
      const execution = executionOf(result, verdict.reasons);
      recorder.metrics?.recordSandboxExecution(result.durationMs, {
        language: input.testCommand.language,
        outcome: verdict.passed
          ? "passed"
          : result.timedOut
            ? "timeout"
            : result.oomKilled
              ? "oom"
              : "failed",
      });
      if (attempt > 0)
        recorder.metrics?.countRepairAttempt(verdict.passed ? "fixed" : "still_failing");
      await recorder.execution({
        attempt,
        code: patch,
        tests: input.testCommand.command,
        exitCode: result.exitCode,
        stdout: execution.stdout,
        stderr: execution.stderr,
        timedOut: result.timedOut,
        oomKilled: result.oomKilled,
        truncated: result.truncated,
        blocked: false,
        durationMs: result.durationMs,
      });
      recorder.emit({
        type: "execution.completed",
        attempt,
        passed: verdict.passed,
        result: execution,
      });
      const outcome: TaskAttempt = {
        attempt,
        code: patch,
        tests: input.testCommand.command,
        execution,
        passed: verdict.passed,
        reasons: verdict.reasons,
      };
      if (result.report) outcome.report = result.report;
      return outcome;
    },
    review: (run, state, failed, artifact) =>
      reviewRepositoryStep(run, input, state, failed, artifact),
    repair: (run, failing, review, retry) =>
      repairRepositoryStep(run, input, failing, review, retry),
    summarize(artifact, state) {
      const snapshot = artifact?.snapshot ?? input.snapshot;
      const diff = diffSnapshots(input.snapshot, snapshot);
      return {
        finalCode: artifact ? diff.patch : null,
        finalTests: input.testCommand.command,
        repository: {
          baseCommit: input.baseCommit ?? null,
          testCommand: input.testCommand.command,
          baseline: known.baseline,
          changes: artifact?.changes ?? [],
          diff,
          tests: state.attempts.at(-1)?.report?.tests ?? [],
        },
      };
    },
  };
}

/** Added to stderr of a run that did not pass, so the trail and the reviewer see why. */
function executionOf(result: RepositoryTestRun, reasons: readonly string[]): AttemptExecution {
  const why = reasons.length > 0 ? `codeforge: the run did not pass: ${reasons.join("; ")}\n` : "";
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: `${result.stderr}${why}`,
    timedOut: result.timedOut,
    oomKilled: result.oomKilled,
    blocked: false,
    durationMs: result.durationMs,
  };
}
