import type { Language } from "../executor/index.js";

/** What became of the tests a reviewer proposed in `fixed_tests`. */
export interface TestsChange {
  /** True when the rewrite replaced the tests; false when it was refused and the old ones kept. */
  accepted: boolean;
  /** Assertions in the tests before and in the proposed rewrite. */
  previousAssertions: number;
  assertions: number;
  /** One sentence for the trace and the log. */
  note: string;
}

const PYTHON_ASSERTION = /(?:^|[;:])[ \t]*assert\b|\bself\.assert\w*\s*\(|\bpytest\.raises\s*\(/gm;
const NODE_ASSERTION = /\bassert(?:\.\w+)?\s*\(|\bexpect\s*\(/g;

/** How many assertions a test source makes (assert statements and calls, by pattern). */
export function countAssertions(language: Language, tests: string): number {
  const pattern = language === "python" ? PYTHON_ASSERTION : NODE_ASSERTION;
  return tests.match(pattern)?.length ?? 0;
}

/**
 * Judges a reviewer's rewrite of the tests: none proposed gives undefined; one with fewer
 * assertions than the current tests is refused (a repair must not pass by testing less);
 * anything else is accepted, and says so.
 */
export function judgeTestRewrite(
  language: Language,
  currentTests: string,
  proposed: string | null,
): TestsChange | undefined {
  if (!proposed?.trim() || proposed.trim() === currentTests.trim()) return undefined;
  const previousAssertions = countAssertions(language, currentTests);
  const assertions = countAssertions(language, proposed);
  const accepted = assertions >= previousAssertions;
  return {
    accepted,
    previousAssertions,
    assertions,
    note: accepted
      ? `the reviewer rewrote the tests (${previousAssertions} → ${assertions} assertions)`
      : `the reviewer's rewrite of the tests was refused: ${assertions} assertions instead of ${previousAssertions}; the previous tests are kept`,
  };
}
