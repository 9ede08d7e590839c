import type { TestReport } from "./test-report.js";

/** A test that must be among those that ran: a whole file, or one test in it. */
export interface RequiredTest {
  /** Relative to the repository's root, e.g. `tests/test_time.py`. */
  file: string;
  /** The test's name as the report gives it; any test of the file when absent. */
  name?: string;
}

/** What a repository's test run showed. */
export interface TestRunFacts {
  exitCode: number | null;
  timedOut: boolean;
  oomKilled?: boolean;
  /** The runner's machine-readable report; undefined when none was written. */
  report: TestReport | undefined;
  /** The tests the agent wrote or changed. */
  requiredTests?: readonly RequiredTest[];
}

/** Whether a run passed, and every reason it did not. */
export interface TestRunVerdict {
  passed: boolean;
  reasons: string[];
}

/**
 * Judges a repository's test run from facts no tested code can fake by printing: a run
 * passes when the command exited 0, the runner's report (read from a file after the run)
 * lists at least one test, none failed or errored, and every required test ran.
 *
 * @example
 * judgeTestRun({ exitCode: 0, timedOut: false, report, requiredTests: [{ file: "tests/test_new.py" }] });
 * // { passed: false, reasons: ["tests/test_new.py: none of its tests ran"] }
 */
export function judgeTestRun(facts: TestRunFacts): TestRunVerdict {
  const reasons: string[] = [];
  if (facts.timedOut) reasons.push("the test command timed out");
  else if (facts.oomKilled) reasons.push("the test command ran out of memory");
  else if (facts.exitCode !== 0)
    reasons.push(`the test command exited with code ${facts.exitCode ?? "none"}`);
  const { report } = facts;
  if (report === undefined) {
    reasons.push("the test runner wrote no report, so no test is known to have run");
    return { passed: false, reasons };
  }
  const ran = report.tests.filter((test) => test.outcome !== "skipped");
  if (ran.length === 0) reasons.push("no test ran");
  const broken = report.tests.filter(
    (test) => test.outcome === "failed" || test.outcome === "errored",
  );
  if (broken.length > 0) {
    const names = broken
      .slice(0, 5)
      .map((test) => (test.file ? `${test.file}: ${test.name}` : test.name));
    const more = broken.length > 5 ? ` and ${broken.length - 5} more` : "";
    reasons.push(
      `${report.failed} failed and ${report.errored} errored: ${names.join("; ")}${more}`,
    );
  }
  for (const required of facts.requiredTests ?? []) {
    const found = ran.some(
      (test) =>
        test.file === required.file && (required.name === undefined || test.name === required.name),
    );
    if (!found) {
      reasons.push(
        required.name === undefined
          ? `${required.file}: none of its tests ran`
          : `${required.file}: the test ${required.name} did not run`,
      );
    }
  }
  return { passed: reasons.length === 0, reasons };
}
