import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";

describe("codeforge config", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "codeforge-config-command-"));
  });
  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  it("check exits 2 naming the variable and the range of an out-of-range value", async () => {
    const context = captureContext({ cwd, env: { CODEFORGE_SANDBOX_TIMEOUT_SECONDS: "500" } });

    const code = await runCli(["config", "check"], context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.errors()).toContain("CODEFORGE_SANDBOX_TIMEOUT_SECONDS");
    expect(context.errors()).toContain("must be between 5 and 120");
    expect(context.errors()).not.toContain("    at ");
    expect(context.output()).toBe("");
  });

  it("check lists problems from the --config file and exits 2", async () => {
    writeFileSync(join(cwd, "custom.yml"), "repair:\n  maxRetries: 20\n  retries: 1\n");
    const context = captureContext({ cwd });

    const code = await runCli(["--config", "custom.yml", "config", "check"], context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.errors()).toContain(
      "custom.yml: repair.maxRetries: must be a whole number between 0 and 10",
    );
    expect(context.errors()).toContain("custom.yml: repair.retries: is not a known setting");
  });

  it("check exits 0 on a valid configuration and warns about unknown CODEFORGE_ variables", async () => {
    // A file found in the working directory may lower a limit, not raise it (issue 11 §5).
    writeFileSync(join(cwd, "codeforge.yml"), "sandbox:\n  timeoutSeconds: 20\n");
    const context = captureContext({ cwd, env: { CODEFORGE_SANDBOX_TIMEOUT: "10" } });

    const code = await runCli(["config", "check"], context);

    expect(code).toBe(EXIT_CODES.success);
    expect(context.output()).toContain("configuration is valid");
    expect(context.output()).toContain(join(cwd, "codeforge.yml"));
    expect(context.errors()).toContain(
      "warning: CODEFORGE_SANDBOX_TIMEOUT is not a CodeForge setting",
    );
  });

  it("show prints the effective values and never a secret", async () => {
    const key = "sk-live-secret-0123456789";
    const context = captureContext({
      cwd,
      env: {
        OPENAI_API_KEY: key,
        DATABASE_URL: "postgres://codeforge:pw-987654@db/codeforge",
        CODEFORGE_REPAIR_MAX_RETRIES: "5",
      },
    });

    const code = await runCli(["config", "show"], context);

    expect(code).toBe(EXIT_CODES.success);
    const output = context.output();
    expect(output).toContain("repair.maxRetries = 5");
    expect(output).toContain('providers.openai.apiKey = "set"');
    expect(output).toContain('providers.anthropic.apiKey = "not set"');
    expect(output).toContain('store.databaseUrl = "set"');
    expect(output).toContain("# configuration file: none");
    expect(output).toContain("providers.openai.baseUrl = (not set)");
    expect(output).toContain("pricing.models = {}");
    expect(output).not.toContain(key);
    expect(output).not.toContain("pw-987654");
  });

  it("show --json prints the configuration as JSON with secrets masked", async () => {
    const context = captureContext({ cwd, env: { ANTHROPIC_API_KEY: "sk-ant-0123456789" } });

    const code = await runCli(["config", "show", "--json"], context);

    expect(code).toBe(EXIT_CODES.success);
    const shown = JSON.parse(context.output()) as {
      providers: { anthropic: { apiKey: string }; openai: { apiKey: string } };
      sandbox: { timeoutSeconds: number };
    };
    expect(shown.providers.anthropic.apiKey).toBe("set");
    expect(shown.providers.openai.apiKey).toBe("not set");
    expect(shown.sandbox.timeoutSeconds).toBe(30);
  });
});
