import type { RepositoryTestRun } from "../../executor/index.js";
import {
  judgeTestRun,
  type RequiredTest,
  type TestCaseResult,
  type TestReport,
} from "../../workspace/index.js";
import type { RepositoryBaseline } from "./repository-task.js";

/** `file::name`, how a test is named across runs. */
export function testKey(test: Pick<TestCaseResult, "file" | "name">): string {
  return `${test.file ?? ""}::${test.name}`;
}

const TEST_FILE =
  /(^|\/)(test_[^/]*\.py|[^/]*_test\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$|(^|\/)(tests?|__tests__)\/[^/]+\.([cm]?[jt]sx?|py)$/;

const SOURCE_FILE = /\.(py|[cm]?[jt]sx?)$/;

/**
 * Why a set of changed paths lacks a test: code changed (a Python or JavaScript/TypeScript
 * file that is not a test) while no test file did. Undefined when the change is tested or
 * touches no code.
 */
export function missingTest(paths: readonly string[]): string | undefined {
  const tests = requiredTestsOf(paths);
  const code = paths.filter(
    (path) => SOURCE_FILE.test(path) && !tests.some((test) => test.file === path),
  );
  if (code.length === 0 || tests.length > 0) return undefined;
  return `the change edits ${code.join(", ")} but adds or changes no test: write tests for it in the repository's test layout (beside its existing tests, in their framework), so that the test command runs them`;
}

/** The test files among changed paths: the tests the agent wrote or changed, which must run. */
export function requiredTestsOf(paths: readonly string[]): RequiredTest[] {
  return paths.filter((path) => TEST_FILE.test(path)).map((file) => ({ file }));
}

/**
 * Whether a test run of the changed repository passes, and every reason it does not. With a
 * passing baseline: exit 0, at least one test, none failed or errored, every required test
 * ran. With a failing baseline the goal is "no new failures, the new tests pass": the exit
 * code is not held against the run, failures the baseline already had are tolerated.
 */
export function judgeRepositoryRun(
  run: RepositoryTestRun,
  baseline: RepositoryBaseline | null,
  required: readonly RequiredTest[],
): { passed: boolean; reasons: string[] } {
  if (!baseline || baseline.passed) {
    return judgeTestRun({
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      oomKilled: run.oomKilled,
      report: run.report,
      requiredTests: required,
    });
  }
  const reasons: string[] = [];
  if (run.timedOut) reasons.push("the test command timed out");
  if (run.oomKilled) reasons.push("the test command ran out of memory");
  const report: TestReport | undefined = run.report;
  if (!report) {
    reasons.push("the test runner wrote no report, so no test is known to have run");
    return { passed: false, reasons };
  }
  const ran = report.tests.filter((test) => test.outcome !== "skipped");
  if (ran.length === 0) reasons.push("no test ran");
  const known = new Set(baseline.failing);
  const fresh = ran.filter(
    (test) =>
      (test.outcome === "failed" || test.outcome === "errored") && !known.has(testKey(test)),
  );
  if (fresh.length > 0) {
    reasons.push(
      `${fresh.length} test(s) fail that did not fail before the change: ${fresh
        .slice(0, 5)
        .map(testKey)
        .join("; ")}`,
    );
  }
  for (const needed of required) {
    const own = ran.filter((test) => test.file === needed.file);
    if (own.length === 0) reasons.push(`${needed.file}: none of its tests ran`);
    else if (own.some((test) => test.outcome !== "passed")) {
      reasons.push(`${needed.file}: its tests must pass`);
    }
  }
  return { passed: reasons.length === 0, reasons };
}
