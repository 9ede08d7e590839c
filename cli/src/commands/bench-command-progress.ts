import { Writable } from "node:stream";
import type { BenchmarkProgress, BenchmarkTally } from "@codeforge/benchmarks";

/** A run's running totals: what the progress bar shows (the suite's own tally). */
export type BenchTally = BenchmarkTally;

/** Where progress goes: a stream, a terminal when `isTTY` is true. */
export type ProgressStream = Writable & {
  isTTY?: boolean;
  /** The terminal's width; a longer line would wrap and break the in-place redraw. */
  columns?: number;
};

/** Shows a run's progress; {@link createBenchProgress} picks the form for the stream. */
export interface BenchProgressDisplay {
  /** Before the first problem (a resumed run starts from its finished problems). */
  start(type: string, tally: BenchTally): void;
  /** After each problem is saved. */
  update(type: string, progress: BenchmarkProgress): void;
  /** After the run: a terminal's bar is cleared so the summary starts on a clean line. */
  end(): void;
  /**
   * Where other output to the same stream (log lines) goes: on a terminal the bar is
   * lifted, the text written and the bar redrawn below it, so neither garbles the other.
   */
  readonly messages: Writable & { isTTY?: boolean };
}

/** A text progress bar, e.g. `[#####-----]`. */
export function progressBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

function rate(count: number, done: number): string {
  return done === 0 ? "n/a" : (count / done).toFixed(3);
}

function rates(tally: BenchTally): string {
  return `pass@1 ${rate(tally.passed, tally.done)} · after repair ${rate(tally.passedAfterRepair, tally.done)} · $${tally.costUsd.toFixed(4)}`;
}

/**
 * The terminal's progress line: a bar, how many problems are done, the running pass rates
 * (pass@1 and after repair) and the cost so far.
 *
 * @example
 * formatBenchBar("custom", { done: 1, total: 2, passed: 0, passedAfterRepair: 1, costUsd: 0.0012 })
 * // "[bench custom] [##########----------] 1/2 · pass@1 0.000 · after repair 1.000 · $0.0012"
 */
export function formatBenchBar(type: string, tally: BenchTally): string {
  return `[bench ${type}] ${progressBar(tally.done, tally.total)} ${tally.done}/${tally.total} · ${rates(tally)}`;
}

/**
 * The line written per problem where there is no terminal (CI logs, pipes): the problem's
 * verdicts, then the running pass rates and cost.
 */
export function formatBenchProgress(type: string, progress: BenchmarkProgress): string {
  const mark = (passed: boolean) => (passed ? "pass" : "fail");
  return `[bench ${type}] ${progress.done}/${progress.total} ${progress.problemId}: first ${mark(progress.result.passed)}, final ${mark(progress.result.passedAfterRepair)} · ${rates(progress)}`;
}

/**
 * Progress for `codeforge bench`: on a terminal one bar redrawn in place with `\r` and
 * cleared at the end; elsewhere one plain line per finished problem.
 */
export function createBenchProgress(stream: ProgressStream): BenchProgressDisplay {
  if (stream.isTTY !== true) {
    return {
      start: () => {},
      update: (type, progress) => stream.write(`${formatBenchProgress(type, progress)}\n`),
      end: () => {},
      messages: stream,
    };
  }
  let line = "";
  let drawnWidth = 0;
  const draw = () => {
    const room = stream.columns === undefined ? line.length : Math.max(1, stream.columns - 1);
    const shown = line.length > room ? `${line.slice(0, room - 1)}…` : line;
    // Pad over the rest of a longer earlier line, so no stale characters stay behind.
    stream.write(`\r${shown}${" ".repeat(Math.max(0, drawnWidth - shown.length))}`);
    drawnWidth = shown.length;
  };
  const clear = () => {
    if (drawnWidth > 0) stream.write(`\r${" ".repeat(drawnWidth)}\r`);
    drawnWidth = 0;
  };
  const messages = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        clear();
        stream.write(String(chunk));
        if (line !== "") draw();
        callback();
      },
    }),
    { isTTY: true },
  );
  return {
    start: (type, tally) => {
      line = formatBenchBar(type, tally);
      draw();
    },
    update: (type, progress) => {
      line = formatBenchBar(type, progress);
      draw();
    },
    end: () => {
      clear();
      line = "";
    },
    messages,
  };
}
