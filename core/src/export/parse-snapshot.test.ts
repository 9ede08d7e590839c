import { describe, expect, it } from "vitest";
import { parseSnapshot } from "./parse-snapshot.js";
import { snapshotJsonSchema } from "./snapshot-json-schema.js";
import { SNAPSHOT_SCHEMA_VERSION } from "./snapshot-schema.js";

const minimal = {
  schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  generatedAt: "2026-03-10T12:00:00.000Z",
  label: null,
  options: { since: null, limitTasks: 500, includeCode: false, includePrivate: false },
  performance: {
    totalTasks: 0,
    successRate: 0,
    avgTimeMs: 0,
    avgRetries: 0,
    byStatus: {
      pending: 0,
      classifying: 0,
      planning: 0,
      coding: 0,
      executing: 0,
      reviewing: 0,
      repairing: 0,
      completed: 0,
      failed: 0,
    },
  },
  cost: {
    days: 30,
    since: "2026-02-09T00:00:00.000Z",
    totalCostUsd: 0,
    totalTokens: 0,
    tasks: 0,
    lastWeekCostUsd: 0,
    byModel: [],
    byAgent: [],
    daily: [],
  },
  models: [],
  savings: {
    baselineModel: "openai/gpt-4o",
    actualCostUsd: 0,
    baselineCostUsd: 0,
    savingsUsd: 0,
    savingsPercent: 0,
    byModel: [],
  },
  benchmarkRuns: [],
  tasks: [],
  totalTasks: 0,
};

describe("parseSnapshot", () => {
  it("accepts a snapshot of this version", () => {
    const result = parseSnapshot(minimal);

    expect(result.ok).toBe(true);
  });

  it("refuses another version, naming both", () => {
    const result = parseSnapshot({ ...minimal, schemaVersion: SNAPSHOT_SCHEMA_VERSION + 1 });

    expect(result).toEqual({
      ok: false,
      message: expect.stringContaining(
        `schema version ${SNAPSHOT_SCHEMA_VERSION + 1}, this site reads version ${SNAPSHOT_SCHEMA_VERSION}`,
      ),
    });
  });

  it("says what is not a snapshot and which field is wrong", () => {
    expect(parseSnapshot([1, 2])).toMatchObject({
      ok: false,
      message: expect.stringContaining("no schemaVersion"),
    });
    expect(parseSnapshot({ ...minimal, tasks: [{ id: 1 }] })).toMatchObject({
      ok: false,
      message: expect.stringContaining("tasks.0.id"),
    });
  });
});

describe("snapshotJsonSchema", () => {
  it("describes the same fields and pins the version", () => {
    const schema = snapshotJsonSchema() as {
      $schema: string;
      required: string[];
      properties: Record<string, { const?: unknown }>;
    };

    expect(schema.$schema).toContain("2020-12");
    expect(schema.required).toEqual(expect.arrayContaining(Object.keys(minimal)));
    expect(schema.properties.schemaVersion?.const).toBe(SNAPSHOT_SCHEMA_VERSION);
  });
});
