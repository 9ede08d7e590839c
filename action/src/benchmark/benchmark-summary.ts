import type { BenchmarkSuiteRun } from "@codeforge/benchmarks";
import { markdownTable } from "../summary/markdown-table.js";

function ratio(value: number | null): string {
  return value === null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}

function modelsPerTier(modelConfig: Record<string, unknown>): string {
  return Object.entries(modelConfig)
    .map(([tier, model]) => `${tier}: ${String(model)}`)
    .join(", ");
}

/**
 * The job summary of a benchmark run, in Markdown: one table per benchmark (pass@1, after
 * repair, average retries, cost, seconds per problem, model per tier), then the problems
 * repair fixed, then why the run stopped early when it did.
 *
 * @example
 * await io.appendSummary(benchmarkSummary(suite.runs, suite.stopReason));
 */
export function benchmarkSummary(
  runs: readonly BenchmarkSuiteRun[],
  stopReason: string | null,
): string {
  const parts = ["## CodeForge benchmark"];
  if (runs.length === 0) parts.push("No benchmark ran.");
  for (const { dataset, outcome, resultsFile } of runs) {
    const run = outcome.run;
    const done = run.results.length;
    const seconds = done > 0 ? run.totalTimeMs / 1000 / done : 0;
    parts.push(`### ${dataset} (${done}/${run.total} problems)`);
    parts.push(
      markdownTable(
        ["pass@1", "after repair", "avg retries", "cost (USD)", "s/problem", "model per tier"],
        [
          [
            ratio(run.passAt1),
            ratio(run.passAt1Repair),
            run.avgRetries === null ? "n/a" : run.avgRetries.toFixed(2),
            run.totalCostUsd.toFixed(4),
            seconds.toFixed(1),
            modelsPerTier(run.modelConfig),
          ],
        ],
      ),
    );
    const fixed = run.results.filter((result) => !result.passed && result.passedAfterRepair);
    parts.push(
      fixed.length === 0
        ? "No problem was fixed by repair."
        : `Fixed by repair: ${fixed.map((result) => `\`${result.problemId}\` (${result.retries} ${result.retries === 1 ? "retry" : "retries"})`).join(", ")}`,
    );
    if (resultsFile !== null) parts.push(`Results file: \`${resultsFile}\``);
  }
  if (stopReason !== null) parts.push(`**Stopped early:** ${stopReason}`);
  return `${parts.join("\n\n")}\n`;
}
