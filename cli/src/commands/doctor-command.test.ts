import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";

describe("codeforge doctor (configuration)", () => {
  it("exits 2 and names the setting and its range when the configuration is invalid", async () => {
    const context = captureContext({ env: { CODEFORGE_SANDBOX_TIMEOUT_SECONDS: "500" } });

    const code = await runCli(["doctor"], context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.output()).toContain("✗ Configuration");
    expect(context.output()).toContain("CODEFORGE_SANDBOX_TIMEOUT_SECONDS");
    expect(context.output()).toContain("must be between 5 and 120");
  });

  it("reports the invalid configuration as JSON with --json", async () => {
    const context = captureContext({ env: { CODEFORGE_REPAIR_MAX_RETRIES: "eleven" } });

    const code = await runCli(["doctor", "--json"], context);

    expect(code).toBe(EXIT_CODES.usage);
    const results = JSON.parse(context.output()) as { name: string; ok: boolean }[];
    expect(results).toEqual([expect.objectContaining({ name: "Configuration", ok: false })]);
  });
});
