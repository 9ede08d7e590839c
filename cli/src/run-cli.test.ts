import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandAction } from "./command-action.js";
import type { CommandRegistrar } from "./commands/command-registrar.js";
import { EXIT_CODES } from "./exit-codes.js";
import { runCli } from "./run-cli.js";
import { captureContext } from "./test-support/capture-context.js";
import { CLI_VERSION } from "./version.js";

/** A command whose action fails on a plain bug, as an unexpected error would. */
const explode: CommandRegistrar = (program, _context, exit) => {
  program.command("explode").action(
    commandAction(exit, () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    }),
  );
};

describe("runCli", () => {
  const cwd = mkdtempSync(join(tmpdir(), "codeforge-cli-"));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

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

  it("prints an unexpected error as one sentence with the --verbose hint and exits 1", async () => {
    const context = captureContext({ cwd });

    const code = await runCli(["explode"], context, [explode]);

    expect(code).toBe(EXIT_CODES.failure);
    expect(context.errors()).toBe(
      "codeforge: Cannot read properties of undefined (reading 'id')\n(run again with --verbose for details)\n",
    );
    expect(context.output()).toBe("");
  });

  it("adds the stack trace under --verbose, without the hint", async () => {
    const context = captureContext({ cwd });

    const code = await runCli(["--verbose", "explode"], context, [explode]);

    expect(code).toBe(EXIT_CODES.failure);
    const lines = context.errors().trimEnd().split("\n");
    expect(lines[0]).toBe("codeforge: Cannot read properties of undefined (reading 'id')");
    expect(lines[1]).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
    expect(lines.slice(2).every((line) => line.startsWith("    at "))).toBe(true);
    expect(lines.length).toBeGreaterThan(2);
    expect(context.errors()).not.toContain("--verbose for details");
  });

  it("exits 2 on a configuration error, naming the variable and its range", async () => {
    const context = captureContext({ cwd, env: { CODEFORGE_SANDBOX_TIMEOUT_SECONDS: "500" } });

    const code = await runCli(["tasks", "list", "--json"], context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.errors()).toMatch(/^codeforge: .*CODEFORGE_SANDBOX_TIMEOUT_SECONDS/);
    expect(context.errors()).toContain("between 5 and 120");
    expect(context.errors()).not.toContain("    at ");
    expect(context.errors()).not.toContain("--verbose for details");
  });
});
