import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Executor } from "../executor/index.js";
import { createFakeExecutor } from "../testing/fake-executor.js";
import { createSandboxSyntaxChecker } from "./syntax-checker.js";

describe("createSandboxSyntaxChecker", () => {
  it("sends the sources as JSON on stdin to a parser program and reads its verdict", async () => {
    const executor = createFakeExecutor([{ stdout: '["code, line 1: invalid syntax"]\n' }]);
    const checker = createSandboxSyntaxChecker(executor);

    const result = await checker.check("python", { code: "def (" });

    expect(result).toEqual({
      valid: false,
      errors: ["code, line 1: invalid syntax"],
      checked: true,
    });
    expect(executor.specs[0]?.code).toContain("ast.parse");
    expect(JSON.parse(executor.specs[0]?.stdin ?? "")).toEqual({ code: "def (" });
  });

  it("treats a check that could not run as unchecked rather than blocking the task", async () => {
    const executor = createFakeExecutor([{ exitCode: 137, timedOut: true }]);

    const result = await createSandboxSyntaxChecker(executor).check("node", { code: "x" });

    expect(result).toEqual({
      valid: true,
      errors: [],
      checked: false,
      reason: "the syntax check timed out",
    });
  });

  it("says why a check that crashed reached no verdict", async () => {
    const executor = createFakeExecutor([{ exitCode: 1, stderr: "MemoryError\n" }]);

    const result = await createSandboxSyntaxChecker(executor).check("python", { code: "x = 1" });

    expect(result).toMatchObject({
      checked: false,
      reason: "the syntax check exited 1: MemoryError",
    });
  });
});

/** Runs the checker's own (fixed, trusted) program with this Node, to test its logic. */
const hostNode: Executor = {
  run: (spec) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", spec.code]);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (exitCode) =>
        resolve({
          exitCode,
          stdout,
          stderr,
          timedOut: false,
          oomKilled: false,
          durationMs: 0,
          truncated: false,
        }),
      );
      child.stdin.end(spec.stdin ?? "");
    }),
};

describe("the JavaScript syntax check program", () => {
  const checker = createSandboxSyntaxChecker(hostNode);

  it("accepts valid CommonJS and leaves module syntax to the real run", async () => {
    const result = await checker.check("node", {
      code: 'const fs = require("node:fs");\nfunction f() { return 1; }\n',
      module: 'import fs from "node:fs";\nexport const x = 1;\n',
    });
    expect(result).toEqual({ valid: true, errors: [], checked: true });
  });

  it("names the file of a syntax error", async () => {
    const result = await checker.check("node", { code: "function (", tests: "assert(1)" });
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^code: /);
  });
});
