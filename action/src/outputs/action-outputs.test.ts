import { describe, expect, it } from "vitest";
import { writeOutputs } from "./action-outputs.js";

describe("writeOutputs", () => {
  it("writes the set outputs under their kebab-case names, formatted", () => {
    const written: [string, string][] = [];
    writeOutputs(
      {
        status: "completed",
        taskId: "t-1",
        costUsd: 0.0123,
        tokens: 1100,
        passAt1: 0.5,
        passAt1Repair: null,
        resultsFile: "/tmp/r.json",
      },
      (name, value) => written.push([name, value]),
    );
    expect(written).toEqual([
      ["status", "completed"],
      ["task-id", "t-1"],
      ["cost-usd", "0.012300"],
      ["tokens", "1100"],
      ["pass-at-1", "0.5000"],
      ["pass-at-1-repair", ""],
      ["results-file", "/tmp/r.json"],
    ]);
  });

  it("writes nothing for an empty record", () => {
    const written: string[] = [];
    writeOutputs({}, (name) => written.push(name));
    expect(written).toEqual([]);
  });
});
