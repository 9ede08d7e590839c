import type { HealthCheckResult } from "@codeforge/core";
import pc from "picocolors";

/** How the report is drawn: colours only on a terminal. */
export interface DoctorReportOptions {
  color: boolean;
}

/**
 * Renders check results as one line each: ✓ or ✗ (or ! for a failed optional check), the
 * name, what was found, and under a failure what to do about it.
 */
export function renderDoctorReport(
  results: readonly HealthCheckResult[],
  options: DoctorReportOptions,
): string[] {
  const colors = pc.createColors(options.color);
  const width = Math.max(...results.map((result) => result.name.length), 0);
  const lines: string[] = [];
  for (const result of results) {
    const mark = result.ok
      ? colors.green("✓")
      : result.required
        ? colors.red("✗")
        : colors.yellow("!");
    const timing = result.durationMs === undefined ? "" : colors.dim(` (${result.durationMs} ms)`);
    lines.push(`${mark} ${result.name.padEnd(width)}  ${result.detail}${timing}`);
    if (!result.ok && result.fix) lines.push(`  ${" ".repeat(width)}  → ${result.fix}`);
  }
  const failed = results.filter((result) => !result.ok && result.required).length;
  const warned = results.filter((result) => !result.ok && !result.required).length;
  lines.push("");
  if (failed > 0) {
    lines.push(colors.red(`${failed} required check${failed === 1 ? "" : "s"} failed.`));
  } else if (warned > 0) {
    lines.push(
      colors.yellow(`All required checks passed; ${warned} optional one(s) need attention.`),
    );
  } else {
    lines.push(colors.green("All checks passed."));
  }
  return lines;
}
