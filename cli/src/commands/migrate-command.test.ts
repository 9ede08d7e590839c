import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { STORE_MIGRATIONS } from "@codeforge/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";

describe("codeforge migrate", () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), "codeforge-migrate-"));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it("reports each migration it applies, and that nothing is left the second time", async () => {
    const env = { CODEFORGE_STORE_DATA_DIR: "state/pg" };
    const first = captureContext({ env, cwd });
    const second = captureContext({ env, cwd });

    const firstCode = await runCli(["migrate"], first);
    const secondCode = await runCli(["migrate"], second);

    expect(first.errors()).toBe("");
    expect(firstCode).toBe(EXIT_CODES.success);
    for (const name of Object.keys(STORE_MIGRATIONS)) {
      expect(first.output()).toContain(`✓ applied ${name}`);
    }
    expect(first.output()).toContain(
      `${Object.keys(STORE_MIGRATIONS).length} migration(s) applied to embedded store (PGlite) at ${path.join(cwd, "state/pg")}`,
    );
    expect(secondCode).toBe(EXIT_CODES.success);
    expect(second.output().trim()).toBe(
      `embedded store (PGlite) at ${path.join(cwd, "state/pg")} is already up to date`,
    );
  }, 120_000);

  it("exits 1 with the fix when the database server is unreachable", async () => {
    const context = captureContext({
      env: { DATABASE_URL: "postgres://app:s3cret@127.0.0.1:1/codeforge" },
      cwd,
    });

    const code = await runCli(["migrate"], context);

    expect(code).toBe(EXIT_CODES.failure);
    expect(context.errors()).toContain(
      "cannot reach the database at postgres://app:***@127.0.0.1:1",
    );
    expect(context.errors()).not.toContain("s3cret");
  });
});
