import { ConfigSchema, SandboxError } from "@codeforge/core";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { createSandboxPool } from "./sandbox-pool.js";

// Requests the pool refuses before it would touch an engine: this address has none.
const nowhere = new Docker({ socketPath: "/nonexistent/codeforge-docker.sock" });
const config = ConfigSchema.parse({}).sandbox;

describe("sandbox pool requests", () => {
  it("take the pool size from the configuration and refuse a size below 1", () => {
    expect(createSandboxPool({ docker: nowhere, config }).size).toBe(config.poolSize);
    expect(() => createSandboxPool({ docker: nowhere, config, size: 0 })).toThrow(SandboxError);
  });

  it("need the caller's Docker client instead of making one from the environment", () => {
    // @ts-expect-error: `docker` is required; the composition root makes the client.
    expect(() => createSandboxPool({ config })).toThrow(/no Docker client was passed/);
  });

  it("refuse languages other than Python", async () => {
    const pool = createSandboxPool({ docker: nowhere, config, size: 1 });
    await expect(pool.run({ language: "node", code: "1" })).rejects.toMatchObject({
      code: "invalid_request",
    });
  });

  it.each(["/etc/passwd", "../up.py", "a/../../up.py", "./a.py", "a//b.py", "main.py", ""])(
    "refuse the extra file path %j",
    async (path) => {
      const pool = createSandboxPool({ docker: nowhere, config, size: 1 });
      await expect(
        pool.run({ language: "python", code: "1", files: { [path]: "x" } }),
      ).rejects.toMatchObject({ code: "invalid_request" });
    },
  );

  it("report an unreachable engine with the fix", async () => {
    const pool = createSandboxPool({ docker: nowhere, config, size: 1 });
    await expect(pool.run({ language: "python", code: "print(1)" })).rejects.toMatchObject({
      code: "daemon_unreachable",
    });
  });

  it("apply the static guard policy before touching the engine", async () => {
    const pool = createSandboxPool({
      docker: nowhere,
      config: { ...config, guard: "block" },
      size: 1,
    });
    const result = await pool.run({
      language: "python",
      code: "import subprocess\nsubprocess.run(['ls'])",
    });
    expect(result).toMatchObject({ blocked: true, exitCode: null });
    expect(result.blockReason).toMatch(/^Blocked by the static guard: .*subprocess/);
  });

  it("refuse work after close", async () => {
    const pool = createSandboxPool({ docker: nowhere, config, size: 1 });
    await pool.close();
    await expect(pool.run({ language: "python", code: "1" })).rejects.toMatchObject({
      code: "pool_closed",
    });
  });
});
