import { UsageError } from "@codeforge/core";

/** One part of a benchmark split across machines: part `index` (1-based) of `count`. */
export interface BenchmarkShard {
  index: number;
  count: number;
}

const SHARD_PATTERN = /^(\d+)\/(\d+)$/;

/**
 * Parses `--shard i/n` (1 ≤ i ≤ n), as a CI job matrix numbers its jobs.
 *
 * @example
 * parseShard("2/4") // { index: 2, count: 4 }
 */
export function parseShard(text: string): BenchmarkShard {
  const match = SHARD_PATTERN.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `--shard must be i/n with whole numbers 1 ≤ i ≤ n (for example 1/4), not "${text}"`,
    );
  }
  return { index, count };
}

/** `i/n`, as `--shard` takes it. */
export function formatShard(shard: BenchmarkShard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * The problems one shard attempts: every `count`-th problem of the selection, starting at
 * position `index - 1` (round robin, so each shard gets a similar mix of early and late
 * problems). The same selection and shard always give the same problems, and the shards
 * of one selection together hold each of its problems exactly once.
 *
 * @example
 * shardProblems(["a", "b", "c", "d", "e"], { index: 2, count: 2 }) // ["b", "d"]
 */
export function shardProblems<T>(problems: readonly T[], shard?: BenchmarkShard): T[] {
  if (shard === undefined) return [...problems];
  return problems.filter((_, position) => position % shard.count === shard.index - 1);
}
