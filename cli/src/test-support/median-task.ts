import type { ScriptedReply } from "@codeforge/core/testing";

/**
 * A small task the pipeline's real-sandbox tests script end to end: a median function whose
 * first version fails its even-length test, a reviewer diagnosis, and the fix.
 */
export const MEDIAN_TASK =
  "Write a function median(values: list[float]) -> float returning the median. Example: median([3, 1, 2]) == 2; median([1, 2, 3, 4]) == 2.5";

/** The agent's own tests for {@link MEDIAN_TASK}, taken from its visible examples. */
export const MEDIAN_TESTS = "assert median([3, 1, 2]) == 2\nassert median([1, 2, 3, 4]) == 2.5";

/** A program that is wrong for even-length lists, so {@link MEDIAN_TESTS} fail. */
export const BUGGY_MEDIAN = `def median(values: list[float]) -> float:
    """The median of the values."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main() -> None:
    print(median([5, 1, 4, 2]))


if __name__ == "__main__":
    main()
`;

/** {@link BUGGY_MEDIAN} repaired: it passes {@link MEDIAN_TESTS}. */
export const FIXED_MEDIAN = BUGGY_MEDIAN.replace(
  "    return ordered[len(ordered) // 2]",
  "    middle = len(ordered) // 2\n    if len(ordered) % 2 == 0:\n        return (ordered[middle - 1] + ordered[middle]) / 2\n    return ordered[middle]",
);

/** The coder's reply with `code` and {@link MEDIAN_TESTS}. */
export const codedMedian = (code: string): ScriptedReply => ({
  object: { code, tests: MEDIAN_TESTS, imports: [], explanation: "sorts and picks the middle" },
});

/** The reviewer's reply proposing `fixed` with the given confidence. */
export const reviewedMedian = (fixed: string, confidence = 0.9): ScriptedReply => ({
  object: {
    root_cause: "even-length lists need the mean of the two middle values",
    error_type: "logic_error",
    fix_description: "average the two middle values when the length is even",
    fixed_code: fixed,
    fixed_tests: null,
    confidence,
    changes_made: ["handle even lengths"],
  },
});
