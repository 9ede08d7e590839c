import type { Review } from "../../agents/index.js";
import type { RunContext } from "../run-context.js";
import type { ProgramArtifact } from "../run-state.js";
import { judgeTestRewrite } from "../test-rewrite.js";

/**
 * Applies a review's fix to the program: the fixed code always; the reviewer's tests only
 * when they assert at least as much as the tests they replace (a weaker rewrite is refused,
 * logged and noted on the event). Announces the fix; returns the repaired artifact.
 */
export function repairStep(
  run: RunContext,
  failing: ProgramArtifact,
  review: Review,
  retry: number,
): ProgramArtifact {
  const testsChange = judgeTestRewrite(run.language, failing.tests, review.fixed_tests);
  if (testsChange && !testsChange.accepted) {
    run.logger?.warn({ retry, ...testsChange }, testsChange.note);
  }
  const repaired: ProgramArtifact = {
    code: review.fixed_code,
    tests: testsChange?.accepted ? (review.fixed_tests as string) : failing.tests,
  };
  run.recorder.emit({
    type: "repair.fix_applied",
    retry,
    review,
    previousCode: failing.code,
    code: repaired.code,
    previousTests: failing.tests,
    tests: repaired.tests,
    ...(testsChange ? { testsChange } : {}),
  });
  run.recorder.emit({ type: "code.generated", ...repaired, by: "reviewer" });
  return repaired;
}
