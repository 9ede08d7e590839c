/** What became of one test. */
export const TEST_OUTCOMES = ["passed", "failed", "errored", "skipped"] as const;

export type TestOutcome = (typeof TEST_OUTCOMES)[number];

/** One test that ran, as the runner's machine-readable report tells it. */
export interface TestCaseResult {
  /** The test's name, e.g. `test_parse_duration` or `formatPrice > shows two decimals`. */
  name: string;
  /** The test file, relative to the repository's root, when the report says. */
  file: string | null;
  outcome: TestOutcome;
  /** The failure or error message, cut to a few hundred characters. */
  message?: string;
}

/** The tests of one run with counts per outcome. */
export interface TestReport {
  tests: TestCaseResult[];
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

/** A report of the given tests, with its counts. */
export function createTestReport(tests: readonly TestCaseResult[]): TestReport {
  const count = (outcome: TestOutcome) => tests.filter((test) => test.outcome === outcome).length;
  return {
    tests: [...tests],
    passed: count("passed"),
    failed: count("failed"),
    errored: count("errored"),
    skipped: count("skipped"),
  };
}

const MESSAGE_LIMIT = 500;

/** A failure message cut for a report. */
export function shortMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const trimmed = message.trim();
  if (trimmed === "") return undefined;
  return trimmed.length > MESSAGE_LIMIT ? `${trimmed.slice(0, MESSAGE_LIMIT)}…` : trimmed;
}

/**
 * A report path made relative to the repository's root: `/workspace/tests/a.py`,
 * `file:///workspace/tests/a.py` and `tests/a.py` all become `tests/a.py`.
 */
export function relativeReportPath(file: string, root: string): string {
  let path = file.startsWith("file://") ? decodeURIComponent(new URL(file).pathname) : file;
  const base = root.endsWith("/") ? root : `${root}/`;
  if (path.startsWith(base)) path = path.slice(base.length);
  return path.replace(/^\.\//, "");
}
