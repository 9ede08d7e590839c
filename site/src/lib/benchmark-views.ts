import type { Snapshot, SnapshotBenchmarkRun } from "@codeforge/core/snapshot";

/** The model a run used, as one label: the tier models it resolved, or `default`. */
export function runModelLabel(run: SnapshotBenchmarkRun): string {
  const models = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string" && value.includes("/")) models.add(value);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(run.modelConfig);
  return models.size === 0 ? "default" : [...models].sort().join(" + ");
}

/** A run's short name for charts: `humaneval #3`. */
export function runLabel(run: SnapshotBenchmarkRun, runs: readonly SnapshotBenchmarkRun[]): string {
  const sameType = runs.filter((other) => other.type === run.type);
  return `${run.type} #${sameType.indexOf(run) + 1}`;
}

/** Completed runs, oldest first (the snapshot's order). */
export function finishedRuns(snapshot: Snapshot): SnapshotBenchmarkRun[] {
  return snapshot.benchmarkRuns.filter((run) => run.passAt1 !== null);
}

/** The newest finished run of each benchmark type, by type name. */
export function latestRunPerBenchmark(snapshot: Snapshot): SnapshotBenchmarkRun[] {
  const latest = new Map<string, SnapshotBenchmarkRun>();
  for (const run of finishedRuns(snapshot)) latest.set(run.type, run);
  return [...latest.values()].sort((left, right) => left.type.localeCompare(right.type));
}

/** One bar group of the pass-rate chart: a benchmark on a model, its latest run. */
export interface PassRateRow {
  name: string;
  benchmark: string;
  model: string;
  runId: string;
  passAt1: number;
  passAt1Repair: number;
}

/** pass@1 and pass@1 after repair per benchmark and model (latest run of each pair), in percent. */
export function passRateRows(snapshot: Snapshot): PassRateRow[] {
  const latest = new Map<string, SnapshotBenchmarkRun>();
  for (const run of finishedRuns(snapshot)) {
    latest.set(`${run.type}\u0000${runModelLabel(run)}`, run);
  }
  return [...latest.values()]
    .map((run) => ({
      name: `${run.type} · ${runModelLabel(run)}`,
      benchmark: run.type,
      model: runModelLabel(run),
      runId: run.id,
      passAt1: percent(run.passAt1),
      passAt1Repair: percent(run.passAt1Repair),
    }))
    .sort((left, right) => left.name.localeCompare(right.name));
}

/** Percent with one decimal, as the charts label bars and points. */
export function percent(ratio: number | null): number {
  return ratio === null ? 0 : Math.round(ratio * 1000) / 10;
}

/** Solved problems (after repair) per dollar spent: cost divided by solved, null when none. */
export function costPerSolved(run: SnapshotBenchmarkRun): number | null {
  return run.passedAfterRepair === 0 ? null : run.totalCostUsd / run.passedAfterRepair;
}

/** One row of repair-versus-resample: a benchmark's repair and no-repair runs side by side. */
export interface RepairVersusResampleRow {
  benchmark: string;
  repairRuns: number;
  repairPassRate: number;
  repairCostUsd: number;
  resampleRuns: number;
  /** The share solved by at least one of the no-repair runs (resampling), in percent. */
  resamplePassRate: number;
  resampleCostUsd: number;
}

/**
 * Repair against resampling at equal budget: for each benchmark that has both runs with
 * repair and runs without (independent samples), what each solved and cost. Only problems
 * that every compared run attempted count.
 */
export function repairVersusResample(snapshot: Snapshot): RepairVersusResampleRow[] {
  const rows: RepairVersusResampleRow[] = [];
  const types = [...new Set(finishedRuns(snapshot).map((run) => run.type))].sort();
  for (const type of types) {
    const runs = finishedRuns(snapshot).filter((run) => run.type === type);
    const repair = runs.filter((run) => run.repairEnabled);
    const resample = runs.filter((run) => !run.repairEnabled);
    if (repair.length === 0 || resample.length === 0) continue;
    const attempted = runs.map((run) => new Set(run.results.map((result) => result.problemId)));
    const common = new Set(
      [...(attempted[0] ?? [])].filter((id) => attempted.every((ids) => ids.has(id))),
    );
    if (common.size === 0) continue;
    const solved = (group: SnapshotBenchmarkRun[], after: boolean) => {
      const ids = new Set<string>();
      for (const run of group) {
        for (const result of run.results) {
          if (common.has(result.problemId) && (after ? result.passedAfterRepair : result.passed))
            ids.add(result.problemId);
        }
      }
      return ids.size;
    };
    const cost = (group: SnapshotBenchmarkRun[]) =>
      group.reduce(
        (total, run) =>
          total +
          run.results
            .filter((result) => common.has(result.problemId))
            .reduce((sum, result) => sum + result.costUsd, 0),
        0,
      );
    const latestRepair = repair.at(-1) as SnapshotBenchmarkRun;
    rows.push({
      benchmark: type,
      repairRuns: 1,
      repairPassRate: Math.round((solved([latestRepair], true) / common.size) * 1000) / 10,
      repairCostUsd: cost([latestRepair]),
      resampleRuns: resample.length,
      resamplePassRate: Math.round((solved(resample, false) / common.size) * 1000) / 10,
      resampleCostUsd: cost(resample),
    });
  }
  return rows;
}

/** The trend chart's rows and lines: one pair of lines (pass@1 dashed, after repair) per benchmark. */
export function trendOverRuns(
  snapshot: Snapshot,
  colors: readonly string[],
): {
  rows: Record<string, string | number | null>[];
  series: { key: string; label: string; color: string; dashed?: boolean }[];
} {
  const runs = finishedRuns(snapshot);
  const types = [...new Set(runs.map((run) => run.type))].sort();
  const rows = runs.map((run) => {
    const row: Record<string, string | number | null> = {
      run: runLabel(run, snapshot.benchmarkRuns),
    };
    for (const type of types) {
      row[`${type}:first`] = run.type === type ? percent(run.passAt1) : null;
      row[`${type}:repair`] = run.type === type ? percent(run.passAt1Repair) : null;
    }
    return row;
  });
  const series = types.flatMap((type, index) => {
    const color = colors[index % colors.length] ?? "#000000";
    return [
      { key: `${type}:first`, label: `${type} pass@1`, color, dashed: true },
      { key: `${type}:repair`, label: `${type} after repair`, color },
    ];
  });
  return { rows, series };
}
