import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { SUPERVISOR_SOURCE } from "./supervisor-source.js";

describe("supervisor source module", () => {
  it("is supervisor.py, regenerated (node sandbox/scripts/generate-supervisor-source.mjs)", async () => {
    const python = await readFile(new URL("./supervisor.py", import.meta.url), "utf8");
    expect(SUPERVISOR_SOURCE).toBe(python);
  });

  it("fits in one command-line argument (Linux caps one at 128 KiB)", () => {
    expect(Buffer.byteLength(SUPERVISOR_SOURCE)).toBeLessThan(128 * 1024);
  });
});
