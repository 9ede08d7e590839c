import { Writable } from "node:stream";
import type { BenchmarkProgress } from "@codeforge/benchmarks";
import { describe, expect, it } from "vitest";
import {
  createBenchProgress,
  formatBenchBar,
  formatBenchProgress,
  type ProgressStream,
  progressBar,
} from "./bench-command-progress.js";

function progressAfter(
  problemId: string,
  verdicts: { passed: boolean; passedAfterRepair: boolean },
  tally: Omit<BenchmarkProgress, "problemId" | "result">,
): BenchmarkProgress {
  return {
    problemId,
    result: { problemId, retries: 0, ...verdicts },
    ...tally,
  };
}

const FIRST = progressAfter(
  "alg_merge_intervals",
  { passed: false, passedAfterRepair: true },
  { done: 1, total: 2, passed: 0, passedAfterRepair: 1, costUsd: 0.00125 },
);
const SECOND = progressAfter(
  "alg_edit_distance",
  { passed: true, passedAfterRepair: true },
  { done: 2, total: 2, passed: 1, passedAfterRepair: 2, costUsd: 0.0025 },
);

function recorder(options: { isTTY?: boolean; columns?: number } = {}) {
  const writes: string[] = [];
  const stream: ProgressStream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        writes.push(String(chunk));
        callback();
      },
    }),
    options,
  );
  return { stream, writes };
}

describe("bench progress", () => {
  it("draws a progress bar", () => {
    expect(progressBar(0, 4, 8)).toBe("[--------]");
    expect(progressBar(1, 4, 8)).toBe("[##------]");
    expect(progressBar(4, 4, 8)).toBe("[########]");
    expect(progressBar(0, 0, 4)).toBe("[####]");
  });

  it("renders the bar with the running pass rates and cost", () => {
    expect(formatBenchBar("custom", FIRST)).toBe(
      "[bench custom] [##########----------] 1/2 · pass@1 0.000 · after repair 1.000 · $0.0013",
    );
    expect(
      formatBenchBar("mbpp", { done: 0, total: 3, passed: 0, passedAfterRepair: 0, costUsd: 0 }),
    ).toBe("[bench mbpp] [--------------------] 0/3 · pass@1 n/a · after repair n/a · $0.0000");
  });

  it("renders one plain line per problem with its verdicts", () => {
    expect(formatBenchProgress("custom", SECOND)).toBe(
      "[bench custom] 2/2 alg_edit_distance: first pass, final pass · pass@1 0.500 · after repair 1.000 · $0.0025",
    );
  });

  it("writes plain lines, and no carriage returns, where there is no terminal", () => {
    const { stream, writes } = recorder();
    const display = createBenchProgress(stream);
    display.start("custom", { ...FIRST, done: 0, passed: 0, passedAfterRepair: 0, costUsd: 0 });
    display.update("custom", FIRST);
    display.update("custom", SECOND);
    display.end();
    expect(writes).toEqual([
      `${formatBenchProgress("custom", FIRST)}\n`,
      `${formatBenchProgress("custom", SECOND)}\n`,
    ]);
  });

  it("redraws one bar in place on a terminal and clears it at the end", () => {
    const { stream, writes } = recorder({ isTTY: true });
    const display = createBenchProgress(stream);
    const empty = { done: 0, total: 2, passed: 0, passedAfterRepair: 0, costUsd: 0 };
    display.start("custom", empty);
    display.update("custom", FIRST);
    display.update("custom", SECOND);
    display.end();

    const last = formatBenchBar("custom", SECOND);
    expect(writes).toEqual([
      `\r${formatBenchBar("custom", empty)}`,
      `\r${formatBenchBar("custom", FIRST)}`,
      `\r${last}`,
      `\r${" ".repeat(last.length)}\r`,
    ]);
    expect(writes.join("")).not.toContain("\n");
  });

  it("writes log lines above the bar on a terminal, and straight through elsewhere", () => {
    const { stream, writes } = recorder({ isTTY: true });
    const display = createBenchProgress(stream);
    display.update("custom", FIRST);
    display.messages.write("task finished\n");
    display.end();
    display.messages.write("after the run\n");

    const bar = `\r${formatBenchBar("custom", FIRST)}`;
    const blank = `\r${" ".repeat(bar.length - 1)}\r`;
    expect(writes).toEqual([bar, blank, "task finished\n", bar, blank, "after the run\n"]);
    expect(display.messages.isTTY).toBe(true);

    const plain = recorder();
    expect(createBenchProgress(plain.stream).messages).toBe(plain.stream);
  });

  it("pads over a longer earlier line and keeps within the terminal's width", () => {
    const { stream, writes } = recorder({ isTTY: true, columns: 40 });
    const display = createBenchProgress(stream);
    display.update("custom", FIRST);
    expect(writes[0]).toHaveLength(40);
    expect(writes[0]?.endsWith("…")).toBe(true);

    const wide = recorder({ isTTY: true });
    const widening = createBenchProgress(wide.stream);
    widening.update("humaneval-plus", { ...FIRST, total: 164 });
    widening.update("mbpp", FIRST);
    const [longer, shorter] = wide.writes;
    expect(shorter?.length).toBe(longer?.length);
    expect(shorter?.trimEnd()).toBe(`\r${formatBenchBar("mbpp", FIRST)}`);
  });
});
