import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxError } from "@codeforge/core";
import { DOCKER_UNREACHABLE_FIX } from "@codeforge/sandbox";
import { Command } from "commander";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { createCliParts } from "../cli-parts.js";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";
import { createSandboxCommand, describeSandboxRun, sandboxRunJson } from "./sandbox-command.js";

/** A working directory holding the given files. */
function workspace(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "codeforge-sandbox-cli-"));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(directory, name), content);
  return directory;
}

/** A real client pointed at a socket that does not exist. */
const absentEngine = () => new Docker({ socketPath: "/nonexistent/codeforge-test/docker.sock" });

/** Runs `sandbox …` through the command with the given engine, as `runCli` would parse it. */
async function runSandbox(args: string[], cwd: string) {
  const context = captureContext({ cwd });
  const exit = { code: EXIT_CODES.success as number } as { code: 0 | 1 | 2 };
  const program = new Command("codeforge").exitOverride();
  createSandboxCommand(createCliParts({ createDocker: absentEngine }))(program, context, exit);
  const outcome = await program.parseAsync(["sandbox", ...args], { from: "user" }).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { context, exit, error: outcome };
}

describe("codeforge sandbox run (usage)", () => {
  it.each([
    [["sandbox", "run", "program.txt"], "--lang python|node"],
    [["sandbox", "run", "main.py", "--lang", "ruby"], "--lang must be one of python, node"],
    [["sandbox", "run", "missing.py"], "missing.py is not a file"],
    [
      ["sandbox", "run", "main.py", "--timeout", "soon"],
      '--timeout must be a number of seconds, not "soon"',
    ],
    [["sandbox", "run", "main.py", "--timeout", "500"], "--timeout 500"],
    [["sandbox", "run", "main.py", "--memory", "64"], "--memory 64"],
    [["sandbox", "run"], "missing required argument"],
  ])("exits 2 for %j", async (args, message) => {
    const context = captureContext({
      cwd: workspace({ "main.py": "print(1)", "program.txt": "x" }),
    });

    const code = await runCli(args, context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(context.errors()).toContain(message);
    expect(context.output()).toBe("");
  });
});

describe("codeforge sandbox run (without an engine)", () => {
  it("fails with daemon_unreachable and the fix when the engine is unreachable", async () => {
    const { error, context } = await runSandbox(
      ["run", "main.py"],
      workspace({ "main.py": "print(1)" }),
    );

    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: "daemon_unreachable" });
    expect((error as Error).message).toContain("start Docker or set DOCKER_HOST");
    expect(context.output()).toBe("");
  });

  it("under --json prints exactly one error object with code, message and fix, and exits 1", async () => {
    const { error, context, exit } = await runSandbox(
      ["run", "main.py", "--json"],
      workspace({ "main.py": "print(1)" }),
    );

    expect(error).toBeUndefined();
    expect(exit.code).toBe(EXIT_CODES.failure);
    const lines = context.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0] as string);
    expect(Object.keys(printed)).toEqual(["error"]);
    expect(printed.error).toEqual({
      code: "daemon_unreachable",
      message: expect.stringMatching(/^The Docker engine is unreachable .*ENOENT/),
      fix: DOCKER_UNREACHABLE_FIX,
    });
    expect(context.errors()).toContain(printed.error.message);
  });

  it("under --json reports bad usage as one error object and exits 2", async () => {
    const context = captureContext({ cwd: workspace({ "main.py": "print(1)" }) });

    const code = await runCli(["sandbox", "run", "main.py", "--timeout", "500", "--json"], context);

    expect(code).toBe(EXIT_CODES.usage);
    expect(JSON.parse(context.output())).toEqual({
      error: {
        code: "config_error",
        message: expect.stringContaining("--timeout 500"),
        fix: "correct sandbox.timeoutSeconds in the configuration or on the command line",
      },
    });
  });

  it("prints the guard's verdict as one JSON object for blocked code, without running it", async () => {
    const cwd = workspace({ "danger.py": "import subprocess\nsubprocess.run(['id'])\n" });

    const { error, context, exit } = await runSandbox(["run", "danger.py", "--json"], cwd);

    expect(error).toBeUndefined();
    // The program did not run: exit 1, with the reason in the object.
    expect(exit.code).toBe(EXIT_CODES.failure);
    const lines = context.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      exitCode: null,
      stdout: "",
      stderr: "",
      timedOut: false,
      oomKilled: false,
      durationMs: 0,
      truncated: false,
      containerId: null,
      peakMemoryBytes: null,
      blocked: true,
      blockReason:
        "Blocked by the static guard: line 1: starts other programs (subprocess); line 2: starts other programs (subprocess)",
    });
  });

  it("exits 1 for blocked code and tells why and how to run it anyway in human output", async () => {
    const cwd = workspace({ "danger.js": "require('child_process').execSync('id')" });

    const { context, exit, error } = await runSandbox(["run", "danger.js"], cwd);

    expect(error).toBeUndefined();
    expect(exit.code).toBe(EXIT_CODES.failure);
    expect(context.errors()).toContain("not run");
    expect(context.errors()).toContain("child_process");
    expect(context.errors()).toContain("--no-guard");
  });

  it("skips the guard with --no-guard and so reaches the (absent) engine", async () => {
    const cwd = workspace({ "danger.py": "import subprocess\n" });

    const { error } = await runSandbox(["run", "danger.py", "--no-guard"], cwd);

    expect(error).toMatchObject({ code: "daemon_unreachable" });
  });
});

describe("codeforge sandbox group", () => {
  it("lists run, prune and the image commands", async () => {
    const context = captureContext();

    const code = await runCli(["sandbox", "--help"], context);

    expect(code).toBe(EXIT_CODES.success);
    expect(context.output()).toMatch(/\brun \[options\] <file>/);
    expect(context.output()).toMatch(/\bprune\b/);
    expect(context.output()).toMatch(/\bimage\b/);
  });
});

describe("sandbox run output", () => {
  const base = {
    exitCode: 0,
    stdout: "",
    stderr: "",
    timedOut: false,
    oomKilled: false,
    durationMs: 812,
    truncated: false,
  };

  it("summarises exit code, duration and truncation", () => {
    expect(describeSandboxRun({ ...base, exitCode: 3, truncated: true }, 1024)).toBe(
      "[sandbox] exit code 3 · 812 ms · output truncated at 1024 bytes per stream",
    );
    expect(describeSandboxRun({ ...base, exitCode: null, timedOut: true }, 1024)).toBe(
      "[sandbox] timed out and was killed · 812 ms",
    );
    expect(describeSandboxRun({ ...base, exitCode: 137, oomKilled: true }, 1024)).toBe(
      "[sandbox] killed: out of memory · 812 ms",
    );
  });

  it("always carries blocked and blockReason in JSON", () => {
    expect(sandboxRunJson({ ...base, containerId: "abc" })).toMatchObject({
      containerId: "abc",
      blocked: false,
      blockReason: null,
    });
  });
});
