import { describe, expect, it } from "vitest";
import {
  latestRunPerBenchmark,
  passRateRows,
  repairVersusResample,
  trendOverRuns,
} from "./benchmark-views.js";
import { DEFAULT_SNAPSHOT_FILE, loadSnapshot } from "./load-snapshot.js";

// The committed demo snapshot: custom, HumanEval without and with repair, MBPP.
const snapshot = loadSnapshot(DEFAULT_SNAPSHOT_FILE);

describe("benchmark views", () => {
  it("keeps the latest run per benchmark and per benchmark and model", () => {
    const humaneval = snapshot.benchmarkRuns.filter((run) => run.type === "humaneval");

    expect(latestRunPerBenchmark(snapshot).map((run) => run.type)).toEqual([
      "custom",
      "humaneval",
      "mbpp",
    ]);
    expect(latestRunPerBenchmark(snapshot)[1]?.id).toBe(humaneval.at(-1)?.id);
    expect(passRateRows(snapshot).map((row) => row.benchmark)).toEqual([
      "custom",
      "humaneval",
      "mbpp",
    ]);
  });

  it("draws one pair of trend lines per benchmark, empty where a run is of another", () => {
    const { rows, series } = trendOverRuns(snapshot, ["#111111", "#222222", "#333333"]);

    expect(rows).toHaveLength(snapshot.benchmarkRuns.length);
    expect(series.map((line) => line.key)).toEqual([
      "custom:first",
      "custom:repair",
      "humaneval:first",
      "humaneval:repair",
      "mbpp:first",
      "mbpp:repair",
    ]);
    expect(rows[0]).toMatchObject({ run: "custom #1", "custom:repair": 76, "mbpp:repair": null });
  });

  it("sets repair against resampling where a benchmark has both kinds of run", () => {
    const [row, ...others] = repairVersusResample(snapshot);

    expect(others).toEqual([]);
    expect(row).toMatchObject({ benchmark: "humaneval", resampleRuns: 1 });
    expect(row?.repairPassRate).toBeCloseTo(83.3);
    expect(row?.resamplePassRate).toBeCloseTo(75);
  });
});
