import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors/config-error.js";
import { ConfigSchema } from "./config-schema.js";
import { loadConfig } from "./load-config.js";

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "codeforge-config-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const writeYaml = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("gives the schema defaults when no source sets anything", () => {
    expect(loadConfig({ env: {} })).toEqual(ConfigSchema.parse({}));
  });

  it("applies defaults, then environment, then file, then overrides", () => {
    const file = writeYaml(
      "codeforge.yml",
      ["sandbox:", "  timeoutSeconds: 40", "  memoryMb: 1024", "repair:", "  maxRetries: 5"].join(
        "\n",
      ),
    );

    const config = loadConfig({
      env: {
        CODEFORGE_SANDBOX_TIMEOUT_SECONDS: "20",
        CODEFORGE_SANDBOX_CPUS: "2.5",
        CODEFORGE_REPAIR_MAX_RETRIES: "1",
        CODEFORGE_SANDBOX_NETWORK_DISABLED: "false",
        CODEFORGE_ROUTING_SIMPLE_MODEL: "openai/gpt-4o-mini",
        OPENAI_API_KEY: "sk-env",
      },
      file,
      overrides: { repair: { maxRetries: 7, backoffBaseSeconds: undefined } },
    });

    expect(config.sandbox.timeoutSeconds).toBe(40);
    expect(config.sandbox.memoryMb).toBe(1024);
    expect(config.sandbox.cpus).toBe(2.5);
    expect(config.sandbox.networkDisabled).toBe(false);
    expect(config.sandbox.pidsLimit).toBe(128);
    expect(config.repair.maxRetries).toBe(7);
    expect(config.repair.backoffBaseSeconds).toBe(1);
    expect(config.routing.models.simple).toBe("openai/gpt-4o-mini");
    expect(config.routing.models.hard).toBe("openai/gpt-4o");
    expect(config.providers.openai.apiKey).toBe("sk-env");
  });

  it("treats empty variables as unset and adds http:// to a bare OLLAMA_HOST", () => {
    const config = loadConfig({
      env: { OPENAI_API_KEY: "", OLLAMA_HOST: "gpu-box:11434" },
    });

    expect(config.providers.openai.apiKey).toBeUndefined();
    expect(config.providers.ollama.host).toBe("http://gpu-box:11434");
  });

  it("returns a deeply frozen object", () => {
    const config = loadConfig({ env: {} });

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sandbox)).toBe(true);
    expect(Object.isFrozen(config.routing.models)).toBe(true);
    expect(() => {
      (config.sandbox as { timeoutSeconds: number }).timeoutSeconds = 99;
    }).toThrow(TypeError);
  });

  it("names the variable and the range of an out-of-range environment value", () => {
    const error = configError(() =>
      loadConfig({ env: { CODEFORGE_SANDBOX_TIMEOUT_SECONDS: "500" } }),
    );

    expect(error.issues).toEqual([
      {
        path: "sandbox.timeoutSeconds",
        source: "CODEFORGE_SANDBOX_TIMEOUT_SECONDS",
        message: 'must be between 5 and 120 (got "500")',
      },
    ]);
    expect(error.message).toContain("CODEFORGE_SANDBOX_TIMEOUT_SECONDS");
    expect(error.message).toContain("must be between 5 and 120");
  });

  it("says a non-numeric variable must be a number, with the range", () => {
    const error = configError(() =>
      loadConfig({
        env: {
          CODEFORGE_SANDBOX_TIMEOUT_SECONDS: "abc",
          CODEFORGE_SANDBOX_MEMORY_MB: "lots",
          CODEFORGE_ROUTING_LLM_CLASSIFIER: "maybe",
        },
      }),
    );

    expect(error.issues.map((issue) => `${issue.source}: ${issue.message}`)).toEqual([
      'CODEFORGE_ROUTING_LLM_CLASSIFIER: must be true or false (got "maybe")',
      'CODEFORGE_SANDBOX_TIMEOUT_SECONDS: must be a number between 5 and 120 (got "abc")',
      'CODEFORGE_SANDBOX_MEMORY_MB: must be a whole number between 128 and 2048 (got "lots")',
    ]);
  });

  it("keeps the wall-time budget below the interrupted-task cutoff of a shared store", () => {
    const longTasks = { CODEFORGE_BUDGETS_MAX_WALL_TIME_SECONDS: "3600" };

    const failing = () => loadConfig({ env: longTasks });

    expect(failing).toThrow(ConfigError);
    expect(failing).toThrow(/CODEFORGE_BUDGETS_MAX_WALL_TIME_SECONDS must be shorter than/);
    expect(failing).toThrow(/CODEFORGE_STORE_INTERRUPTED_AFTER_MINUTES/);
    const raised = loadConfig({
      env: { ...longTasks, CODEFORGE_STORE_INTERRUPTED_AFTER_MINUTES: "90" },
    });
    expect(raised.store.interruptedAfterMinutes).toBe(90);
  });

  it("limits prompts to 100 KB by default, settable with CODEFORGE_MAX_PROMPT_BYTES within 1 KB..10 MB", () => {
    expect(loadConfig({ env: {} }).budgets.maxPromptBytes).toBe(102_400);
    const config = loadConfig({ env: { CODEFORGE_MAX_PROMPT_BYTES: "2048" } });
    expect(config.budgets.maxPromptBytes).toBe(2048);
    for (const raw of ["512", "20000000", "1.5"]) {
      const error = configError(() => loadConfig({ env: { CODEFORGE_MAX_PROMPT_BYTES: raw } }));
      expect(error.issues).toEqual([
        {
          path: "budgets.maxPromptBytes",
          source: "CODEFORGE_MAX_PROMPT_BYTES",
          message: `must be a whole number between 1024 and 10485760 (got "${raw}")`,
        },
      ]);
    }
  });

  it("reads LOG_LEVEL as CODEFORGE_LOG_LEVEL, in any case, and lets CODEFORGE_LOG_LEVEL win", () => {
    expect(loadConfig({ env: { LOG_LEVEL: "debug" } }).telemetry.logLevel).toBe("debug");
    expect(loadConfig({ env: { LOG_LEVEL: "WARN" } }).telemetry.logLevel).toBe("warn");
    const both = loadConfig({ env: { LOG_LEVEL: "verbose", CODEFORGE_LOG_LEVEL: "error" } });
    expect(both.telemetry.logLevel).toBe("error");
  });

  it("refuses a LOG_LEVEL it cannot use with a hint, instead of ignoring it", () => {
    const error = configError(() => loadConfig({ env: { LOG_LEVEL: "verbose" } }));
    expect(error.issues).toEqual([
      {
        path: "telemetry.logLevel",
        source: "LOG_LEVEL",
        message:
          'must be one of trace, debug, info, warn, error, fatal, silent (got "verbose") (LOG_LEVEL is read as CODEFORGE_LOG_LEVEL; if it was set for another tool, set CODEFORGE_LOG_LEVEL, which wins)',
      },
    ]);
  });

  it("never shows the value of a secret variable in an error", () => {
    const error = configError(() =>
      loadConfig({ env: { DATABASE_URL: "mysql://root:hunter2@db/app" } }),
    );

    expect(error.issues[0]?.source).toBe("DATABASE_URL");
    expect(error.message).toContain("must start with postgres://");
    expect(error.message).not.toContain("hunter2");
  });

  it("names the file and key of a bad file value, with its line", () => {
    const file = writeYaml(
      "codeforge.yml",
      ["sandbox:", "  memoryMb: 128", "  timeoutSeconds: 500"].join("\n"),
    );

    const error = configError(() => loadConfig({ env: {}, file }));

    expect(error.issues).toEqual([
      {
        path: "sandbox.timeoutSeconds",
        source: `${file}: sandbox.timeoutSeconds`,
        message: "must be between 5 and 120 (line 3)",
      },
    ]);
  });

  it("finds the line of a bad value under a key that holds dots", () => {
    const file = writeYaml(
      "codeforge.yml",
      [
        "pricing:",
        "  models:",
        '    "gpt-4.1":',
        "      inputPerMillion: -2",
        "      outputPerMillion: 8",
      ].join("\n"),
    );

    const error = configError(() => loadConfig({ env: {}, file }));

    expect(error.issues).toEqual([
      {
        path: "pricing.models.gpt-4.1.inputPerMillion",
        source: `${file}: pricing.models.gpt-4.1.inputPerMillion`,
        message: "must be 0 or more (line 4)",
      },
    ]);
  });

  it("rejects unknown keys in the file and lists the known ones", () => {
    const file = writeYaml(
      "codeforge.yml",
      [
        "sandbox:",
        "  timeout: 30",
        "routing:",
        "  models:",
        "    tiny: ollama/x",
        "sandboxes: {}",
      ].join("\n"),
    );

    const error = configError(() => loadConfig({ env: {}, file }));

    const bySource = Object.fromEntries(error.issues.map((issue) => [issue.source, issue.message]));
    expect(Object.keys(bySource).sort()).toEqual(
      [`${file}: routing.models.tiny`, `${file}: sandbox.timeout`, `${file}: sandboxes`].sort(),
    );
    expect(bySource[`${file}: sandbox.timeout`]).toMatch(
      /^is not a known setting \(known here: .*timeoutSeconds/,
    );
    expect(bySource[`${file}: routing.models.tiny`]).toContain("simple, medium, hard");
  });

  it("says so when an explicitly given file does not exist", () => {
    const file = join(dir, "missing.yml");

    const error = configError(() => loadConfig({ env: {}, file }));

    expect(error.issues).toHaveLength(1);
    expect(error.message).toContain(file);
    expect(error.message).toContain("does not exist");
  });

  it("reports malformed YAML with its line", () => {
    const file = writeYaml(
      "codeforge.yml",
      ["sandbox:", "  timeoutSeconds: 30", "  memoryMb: [1, 2"].join("\n"),
    );

    const error = configError(() => loadConfig({ env: {}, file }));

    expect(error.issues[0]?.source).toBe(file);
    expect(error.message).toMatch(/is not valid YAML at line \d+/);
  });

  it("reads a file given as text (as the App does) and rejects a non-mapping top level", () => {
    const good = loadConfig({
      env: {},
      file: { path: ".github/codeforge.yml", text: "repair:\n  maxRetries: 0\n" },
    });
    expect(good.repair.maxRetries).toBe(0);

    const error = configError(() =>
      loadConfig({ env: {}, file: { path: ".github/codeforge.yml", text: "- a\n- b\n" } }),
    );
    expect(error.message).toContain(".github/codeforge.yml must be a mapping");
  });

  it("names an override by its flag when given one, else by its path", () => {
    const error = configError(() =>
      loadConfig({
        env: {},
        overrides: { repair: { maxRetries: 11 }, sandbox: { memoryMb: 64 } },
        overrideSources: { "repair.maxRetries": "--max-retries" },
      }),
    );

    expect(error.issues.map((issue) => [issue.source, issue.message])).toEqual([
      ["override sandbox.memoryMb", "must be a whole number between 128 and 2048"],
      ["--max-retries", "must be a whole number between 0 and 10"],
    ]);
  });

  it("collects every problem of every source, even one a later source replaces", () => {
    const file = writeYaml("codeforge.yml", "sandbox:\n  timeoutSeconds: 1\n");

    const error = configError(() =>
      loadConfig({
        env: { CODEFORGE_SANDBOX_TIMEOUT_SECONDS: "500", CODEFORGE_LLM_TEMPERATURE: "3" },
        file,
        overrides: { sandbox: { timeoutSeconds: 30 }, repair: { maxRetries: -1 } },
      }),
    );

    expect(error.issues.map((issue) => issue.source)).toEqual([
      "CODEFORGE_LLM_TEMPERATURE",
      "CODEFORGE_SANDBOX_TIMEOUT_SECONDS",
      `${file}: sandbox.timeoutSeconds`,
      "override repair.maxRetries",
    ]);
    expect(error.message).toContain("4 problems");
  });

  it("checks rules across fields on the merged result and blames the source that set them", () => {
    const file = writeYaml("codeforge.yml", "routing:\n  simpleThreshold: 0.1\n");

    expect(
      loadConfig({ env: { CODEFORGE_ROUTING_COMPLEX_THRESHOLD: "0.2" }, file }).routing
        .complexThreshold,
    ).toBe(0.2);

    const error = configError(() =>
      loadConfig({ env: { CODEFORGE_ROUTING_COMPLEX_THRESHOLD: "0.2" } }),
    );
    expect(error.issues).toEqual([
      {
        path: "routing.simpleThreshold",
        source: "CODEFORGE_ROUTING_COMPLEX_THRESHOLD",
        message: 'simpleThreshold must be lower than complexThreshold (got "0.2")',
      },
    ]);
  });
});
