import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SNAPSHOT_SCHEMA_VERSION } from "@codeforge/core/snapshot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SNAPSHOT_FILE, loadSnapshot, snapshotFile } from "./load-snapshot.js";

describe("loadSnapshot", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "codeforge-site-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads the committed demo snapshot", () => {
    const snapshot = loadSnapshot(DEFAULT_SNAPSHOT_FILE);

    expect(snapshot.schemaVersion).toBe(SNAPSHOT_SCHEMA_VERSION);
    expect(snapshot.label).toMatch(/demo/i);
    expect(snapshot.benchmarkRuns.length).toBeGreaterThan(0);
    expect(snapshot.tasks.length).toBeGreaterThan(10);
  });

  it("stops the build on another schema version, naming the file and both versions", async () => {
    const file = path.join(dir, "old.json");
    await writeFile(file, JSON.stringify({ schemaVersion: 0 }));

    expect(() => loadSnapshot(file)).toThrow(
      `${file}: the snapshot has schema version 0, this site reads version ${SNAPSHOT_SCHEMA_VERSION}`,
    );
  });

  it("says how to make a snapshot when there is none", () => {
    const file = path.join(dir, "missing.json");

    expect(() => loadSnapshot(file)).toThrow(`no snapshot at ${file}`);
    expect(() => loadSnapshot(file)).toThrow("codeforge export --out");
  });

  it("reads CODEFORGE_SITE_DATA, else the committed snapshot", () => {
    expect(snapshotFile({ CODEFORGE_SITE_DATA: "/data/x.json" })).toBe("/data/x.json");
    expect(snapshotFile({})).toBe(DEFAULT_SNAPSHOT_FILE);
  });
});
