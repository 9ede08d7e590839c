/**
 * The unbiased pass@k estimator of Chen et al. (2021): the probability that at least one
 * of k samples drawn without replacement from n, of which c are correct, passes:
 * `1 - C(n-c, k) / C(n, k)`, computed as a product so large n stays exact enough.
 *
 * @example
 * passAtK(10, 3, 1) === 0.3;
 * passAtK(5, 1, 5) === 1;
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k)) {
    throw new RangeError(`pass@k needs whole numbers, got n=${n}, c=${c}, k=${k}`);
  }
  if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`pass@k needs 0 <= c <= n and 1 <= k <= n, got n=${n}, c=${c}, k=${k}`);
  }
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** Samples and correct samples of one task. */
export interface TaskTally {
  taskId: string;
  n: number;
  c: number;
}

/** pass@k over tasks, for the k every task has enough samples for. */
export interface PassAtKSummary {
  tasks: number;
  samples: number;
  passedSamples: number;
  /** Mean pass@k over tasks, by k (only the k with `k <= n` for every task). */
  passAtK: ReadonlyMap<number, number>;
  /** The requested k some task has fewer than k samples for. */
  skipped: readonly number[];
}

/** Counts samples and passes per task, in the order tasks first appear. */
export function tallyByTask(
  results: readonly { problemId: string; passed: boolean }[],
): TaskTally[] {
  const tallies = new Map<string, TaskTally>();
  for (const result of results) {
    const tally = tallies.get(result.problemId) ?? { taskId: result.problemId, n: 0, c: 0 };
    tally.n += 1;
    if (result.passed) tally.c += 1;
    tallies.set(result.problemId, tally);
  }
  return [...tallies.values()];
}

/** Averages {@link passAtK} over tasks for each requested k that every task supports. */
export function summarizePassAtK(
  tallies: readonly TaskTally[],
  ks: readonly number[],
): PassAtKSummary {
  const minSamples = tallies.length === 0 ? 0 : Math.min(...tallies.map((tally) => tally.n));
  const passAtKByK = new Map<number, number>();
  const skipped: number[] = [];
  for (const k of [...new Set(ks)].sort((a, b) => a - b)) {
    if (tallies.length === 0 || k > minSamples) {
      skipped.push(k);
      continue;
    }
    const total = tallies.reduce((sum, tally) => sum + passAtK(tally.n, tally.c, k), 0);
    passAtKByK.set(k, total / tallies.length);
  }
  return {
    tasks: tallies.length,
    samples: tallies.reduce((sum, tally) => sum + tally.n, 0),
    passedSamples: tallies.reduce((sum, tally) => sum + tally.c, 0),
    passAtK: passAtKByK,
    skipped,
  };
}
