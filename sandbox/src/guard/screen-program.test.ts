import { describe, expect, it } from "vitest";
import { screenProgram } from "./screen-program.js";

const DANGEROUS = "import subprocess\nsubprocess.run(['ls'])\n";

describe("screenProgram", () => {
  it("blocks a flagged program under block, saying why", () => {
    const result = screenProgram("block", "python", DANGEROUS);

    expect(result).toMatchObject({ blocked: true, exitCode: null, durationMs: 0 });
    expect(result?.blockReason).toMatch(/^Blocked by the static guard: .*subprocess/);
  });

  it("lets a flagged program run under warn and logs the findings", () => {
    const warnings: Record<string, unknown>[] = [];

    const result = screenProgram("warn", "python", DANGEROUS, {
      warn: (fields) => warnings.push(fields),
    });

    expect(result).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.reasons)).toContain("subprocess");
  });

  it("neither scans nor blocks under off, and lets clean code run under block", () => {
    expect(screenProgram("off", "python", DANGEROUS)).toBeUndefined();
    expect(screenProgram("block", "python", "print('subprocess')\n")).toBeUndefined();
  });
});
