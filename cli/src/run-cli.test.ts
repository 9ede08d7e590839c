import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "./exit-codes.js";
import { runCli } from "./run-cli.js";
import { captureContext } from "./test-support/capture-context.js";
import { CLI_VERSION } from "./version.js";

describe("runCli", () => {
  it("prints the version and exits 0", async () => {
    const context = captureContext();

    const code = await runCli(["--version"], context);

    expect(code).toBe(EXIT_CODES.success);
    expect(context.output().trim()).toBe(CLI_VERSION);
  });

  it("exits 2 on an unknown command", async () => {
    const context = captureContext();

    const code = await runCli(["no-such-command"], context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.errors()).toContain("codeforge --help");
  });
});
