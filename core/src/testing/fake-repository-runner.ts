import type {
  RepositoryTestRun,
  RepositoryTestRunner,
  RepositoryTestSpec,
} from "../executor/index.js";
import { createTestReport, type TestCaseResult } from "../workspace/index.js";

/** A scripted repository test run: its tests (the report) and how the command ended. */
export type FakeRepositoryRun =
  | (Partial<Omit<RepositoryTestRun, "report">> & { tests?: readonly TestCaseResult[] | null })
  | ((spec: RepositoryTestSpec, index: number) => Partial<RepositoryTestRun>);

/** A {@link RepositoryTestRunner} that plays scripted runs and records what it was given. */
export interface FakeRepositoryRunner extends RepositoryTestRunner {
  /** Every spec in the order it arrived (without the signal and callback). */
  readonly specs: readonly Omit<RepositoryTestSpec, "signal" | "onOutput">[];
  remaining(): number;
}

/**
 * A repository test runner for tests: plays scripted runs in order (the first is the
 * baseline a repository task starts with). `tests: null` scripts a run whose runner wrote
 * no report; running out of runs is an error that names the unscripted run.
 *
 * @example
 * const runner = createFakeRepositoryRunner([{ tests: [passed("tests/test_a.py", "test_a")] }]);
 */
export function createFakeRepositoryRunner(
  runs: readonly FakeRepositoryRun[],
): FakeRepositoryRunner {
  const specs: Omit<RepositoryTestSpec, "signal" | "onOutput">[] = [];
  const counter = { next: 0 };
  return {
    specs,
    remaining: () => runs.length - counter.next,
    async run(spec) {
      spec.signal?.throwIfAborted();
      const index = counter.next;
      const scripted = runs[index];
      if (scripted === undefined) {
        throw new Error(
          `The fake repository runner ran out of runs after ${runs.length}: script run ${index + 1}.`,
        );
      }
      counter.next += 1;
      const { signal: _signal, onOutput: _onOutput, ...recorded } = spec;
      specs.push(recorded);
      const partial: Partial<RepositoryTestRun> =
        typeof scripted === "function"
          ? scripted(spec, index)
          : (() => {
              const { tests, ...rest } = scripted;
              return {
                ...rest,
                report: tests === null ? undefined : createTestReport(tests ?? []),
              };
            })();
      const result: RepositoryTestRun = {
        exitCode: 0,
        stdout: "",
        stderr: "",
        timedOut: false,
        oomKilled: false,
        durationMs: 1,
        truncated: false,
        report: undefined,
        ...partial,
      };
      if (result.stdout) spec.onOutput?.("stdout", result.stdout);
      if (result.stderr) spec.onOutput?.("stderr", result.stderr);
      return result;
    },
  };
}
