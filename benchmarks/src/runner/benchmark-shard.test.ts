import { describe, expect, it } from "vitest";
import { formatShard, parseShard, shardProblems } from "./benchmark-shard.js";

describe("benchmark shards", () => {
  it("parses i/n and formats it back", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(formatShard(parseShard(" 1/1 "))).toBe("1/1");
  });

  it.each(["0/2", "3/2", "1/0", "1", "a/b", "1/2/3", "-1/2", "1.5/2"])("refuses %j", (text) => {
    expect(() => parseShard(text)).toThrow(`--shard must be i/n with whole numbers 1 ≤ i ≤ n`);
  });

  it("splits round robin: every problem in exactly one shard, the same split every time", () => {
    const problems = ["a", "b", "c", "d", "e"];
    const shards = [1, 2, 3].map((index) => shardProblems(problems, { index, count: 3 }));
    expect(shards).toEqual([["a", "d"], ["b", "e"], ["c"]]);
    expect(shards.flat().sort()).toEqual(problems);
    expect(shardProblems(problems, { index: 2, count: 3 })).toEqual(shards[1]);
    expect(shardProblems(problems)).toEqual(problems);
  });
});
