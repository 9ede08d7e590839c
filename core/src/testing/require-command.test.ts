import { describe, expect, it } from "vitest";
import { requireCommand } from "./require-command.js";

const MISSING = "codeforge-no-such-program";

describe("requireCommand", () => {
  it("is available when the program exits 0", async () => {
    const node = await requireCommand(process.execPath, ["--version"], {});

    expect(node).toEqual({ available: true, reason: "" });
  });

  it("skips with the reason when the program is missing", async () => {
    const missing = await requireCommand(MISSING, ["--version"], {});

    expect(missing.available).toBe(false);
    expect(missing.reason).toMatch(
      new RegExp(`^\\(skipped: ${MISSING} on PATH unavailable: .*ENOENT`),
    );
  });

  it("skips when the program exits non-zero, with its output and what to do", async () => {
    const failing = await requireCommand(
      process.execPath,
      ["-e", "console.error('broken install'); process.exit(3)"],
      {},
    );

    expect(failing.available).toBe(false);
    expect(failing.reason).toContain("exited with 3: broken install; install");
  });

  it("fails instead of skipping under CODEFORGE_REQUIRE_SERVICES=1", async () => {
    await expect(
      requireCommand(MISSING, ["--version"], { CODEFORGE_REQUIRE_SERVICES: "1" }),
    ).rejects.toThrow(
      `${MISSING} on PATH is required because CODEFORGE_REQUIRE_SERVICES=1, but it is unavailable`,
    );
  });
});
