import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";

const docker = await requireService("Docker engine", () => new Docker().ping());

describe.skipIf(!docker.available)(`codeforge doctor on this machine ${docker.reason}`, () => {
  it("passes the database, engine and image checks and fails when no provider can answer", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "codeforge-doctor-"));
    // Port 9 on loopback refuses connections: no Ollama, and no traffic leaves the machine.
    const context = captureContext({ cwd, env: { OLLAMA_HOST: "http://127.0.0.1:9" } });

    const code = await runCli(["doctor", "--json"], context);

    const results = JSON.parse(context.output()) as { name: string; ok: boolean }[];
    const byName = new Map(results.map((result) => [result.name, result.ok]));
    expect(byName.get("Configuration")).toBe(true);
    expect(byName.get("Database")).toBe(true);
    expect(byName.get("Docker engine")).toBe(true);
    expect(byName.get("Sandbox image (python)")).toBe(true);
    expect(byName.get("Sandbox image (node)")).toBe(true);
    expect(byName.get("LLM providers")).toBe(false);
    expect(code).toBe(EXIT_CODES.failure);
  });
});
