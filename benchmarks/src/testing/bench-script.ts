import type { ScriptedReply } from "@codeforge/core/testing";

const MERGE_BUGGY = `def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
`;
const MERGE_FIXED = MERGE_BUGGY.replace("start < merged", "start <= merged");
const EDIT_DISTANCE = `def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]
`;

/** The custom problems {@link BENCH_SCRIPT} solves, in dataset order. */
export const BENCH_SCRIPT_PROBLEM_IDS = ["alg_merge_intervals", "alg_edit_distance"] as const;

/**
 * A scripted agent (coder, reviewer, coder) for two custom problems, in dataset order.
 * merge-intervals' first program does not merge touching intervals: it fails the agent's
 * own test `merge_intervals([[0, 2], [2, 3]]) == [[0, 3]]`, which triggers one repair,
 * and the hidden tests; the reviewer's fix passes both. edit-distance passes first time.
 * So pass@1 is 0.5 and pass@1 after repair 1.0. Routing must classify both tasks as
 * simple (one coder call each, no planner).
 */
export const BENCH_SCRIPT: readonly ScriptedReply[] = [
  {
    object: {
      code: MERGE_BUGGY,
      tests:
        "assert merge_intervals([[1, 3], [2, 4]]) == [[1, 4]]\nassert merge_intervals([[0, 2], [2, 3]]) == [[0, 3]]",
      imports: [],
      explanation: "sort and merge",
    },
  },
  {
    object: {
      root_cause: "touching intervals are not merged",
      error_type: "logic_error",
      fix_description: "merge when start <= last end",
      fixed_code: MERGE_FIXED,
      fixed_tests: null,
      confidence: 0.9,
      changes_made: ["< became <="],
    },
  },
  {
    object: {
      code: EDIT_DISTANCE,
      tests: "assert edit_distance('ab', 'ab') == 0",
      imports: [],
      explanation: "dynamic programming",
    },
  },
];
