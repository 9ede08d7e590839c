import { execFileSync } from "node:child_process";
import { requireService } from "@codeforge/core/testing";
import { describe, expect, it } from "vitest";
import { defineForgedPassCases } from "../test-support/forged-pass-cases.js";
import { defineVerdictCases } from "../test-support/verdict-cases.js";
import { createHostPythonExecutor } from "./host-python-executor.js";

const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

describe.skipIf(!python.available)(`the unsandboxed host baseline ${python.reason}`, () => {
  const executor = createHostPythonExecutor();

  it("runs a program in its own folder and captures both streams and the exit code", async () => {
    const result = await executor.run({
      language: "python",
      code: "import os, sys\nprint(sorted(os.listdir('.')))\nprint(sys.stdin.read(), file=sys.stderr)\nsys.exit(3)",
      files: { "data/in.txt": "x" },
      stdin: "from stdin",
    });
    expect(result).toMatchObject({
      exitCode: 3,
      stdout: "['data', 'main.py']\n",
      stderr: "from stdin\n",
      timedOut: false,
      truncated: false,
    });
  });

  it("kills a program at its timeout and caps output", async () => {
    const slow = await executor.run({
      language: "python",
      code: "while True: pass",
      timeoutMs: 500,
    });
    expect(slow).toMatchObject({ timedOut: true, exitCode: null });
    const capped = createHostPythonExecutor({ outputLimitBytes: 100 });
    const loud = await capped.run({ language: "python", code: "print('x' * 5000)" });
    expect(loud.stdout).toHaveLength(100);
    expect(loud.truncated).toBe(true);
  });

  defineVerdictCases(() => executor);
  defineForgedPassCases(() => executor, { privileged: process.getuid?.() === 0 });
});

describe("the host baseline's extra files", () => {
  const executor = createHostPythonExecutor();

  it.each(["../escaped.txt", "data/../../escaped.txt", "/tmp/codeforge-absolute.txt"])(
    "refuses %s, which would land outside the program's folder",
    async (name) => {
      await expect(
        executor.run({ language: "python", code: "print(1)", files: { [name]: "x" } }),
      ).rejects.toMatchObject({ name: "SandboxError", code: "invalid_request" });
    },
  );

  it("is not part of the package's public entry, only of @codeforge/benchmarks/baseline", async () => {
    const publicApi = await import("@codeforge/benchmarks");
    const baseline = await import("@codeforge/benchmarks/baseline");
    expect(Object.keys(publicApi)).not.toContain("createHostPythonExecutor");
    expect(baseline.createHostPythonExecutor).toBe(createHostPythonExecutor);
  });
});
