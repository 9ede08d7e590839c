import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TaskResult } from "@codeforge/core";
import { requireCommand } from "@codeforge/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { writeResultFiles } from "./write-result-files.js";

function result(language: TaskResult["language"], code: string, tests: string): TaskResult {
  return {
    taskId: "task-1",
    status: "completed",
    stopReason: "completed",
    complexity: "simple",
    language,
    modelUsed: "scripted/model",
    plan: null,
    finalCode: code,
    finalTests: tests,
    finalOutput: "",
    retryCount: 0,
    totalCostUsd: 0,
    totalTokens: 0,
    totalTimeMs: 1,
    errorMessage: null,
    attempts: [],
  };
}

/** Runs a written file as the header says (stdin from /dev/null), with a time limit. */
function runFile(command: string, file: string) {
  return spawnSync(command, [file], {
    cwd: join(file, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 10_000,
  });
}

const python = await requireCommand("python3");
let directory: string | undefined;

afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

// Our own fixed programs: a private helper, a constant and a main guard, which an import
// of the solution would not have exposed to the tests.
const PYTHON_CODE = [
  "from __future__ import annotations",
  "import math",
  "",
  "LIMIT = 10",
  "",
  "",
  "def _clamp(value: int) -> int:",
  '    """Keeps value within LIMIT."""',
  "    return min(value, LIMIT)",
  "",
  "",
  "def hypot(a: int, b: int) -> float:",
  '    """The hypotenuse of a right triangle with legs a and b."""',
  "    return math.sqrt(_clamp(a) ** 2 + _clamp(b) ** 2)",
  "",
  "",
  'if __name__ == "__main__":',
  "    print(hypot(3, 4))",
].join("\n");
const PYTHON_TESTS =
  "assert hypot(3, 4) == 5.0\nassert _clamp(12) == LIMIT\n\n\ndef test_large() -> None:\n    assert hypot(30, 0) == 10.0\n";

const NODE_CODE = [
  'const assert = require("node:assert");',
  "const LIMIT = 10;",
  "function clamp(value) {",
  "  return Math.min(value, LIMIT);",
  "}",
  "function hypot(a, b) {",
  "  return Math.sqrt(clamp(a) ** 2 + clamp(b) ** 2);",
  "}",
  "if (require.main === module) {",
  "  console.log(hypot(3, 4));",
  "}",
].join("\n");
const NODE_TESTS =
  'const assert = require("node:assert");\nassert.strictEqual(hypot(3, 4), 5);\nassert.strictEqual(clamp(12), LIMIT);\n';

describe("writeResultFiles", () => {
  it.skipIf(!python.available)(
    `writes Python tests that python3 runs against the program ${python.reason}`,
    async () => {
      directory = await mkdtemp(join(tmpdir(), "codeforge-out-"));

      const written = await writeResultFiles(
        directory,
        result("python", PYTHON_CODE, PYTHON_TESTS),
      );

      expect(written).toEqual([
        join(directory, "solution.py"),
        join(directory, "test_solution.py"),
      ]);
      expect(await readFile(written[0] as string, "utf8")).toBe(PYTHON_CODE);
      const program = runFile("python3", written[0] as string);
      expect(program.stdout).toBe("5.0\n");
      const tests = runFile("python3", written[1] as string);
      expect(tests.stderr).toBe("");
      expect(tests.status).toBe(0);
      expect(tests.stdout).toContain("5.0\ncodeforge: tests passed\n");
    },
  );

  it.skipIf(!python.available)(
    `the written Python tests fail when the program is wrong ${python.reason}`,
    async () => {
      directory = await mkdtemp(join(tmpdir(), "codeforge-out-"));
      const wrong = PYTHON_CODE.replace("LIMIT = 10", "LIMIT = 20");

      const written = await writeResultFiles(directory, result("python", wrong, PYTHON_TESTS));

      const tests = runFile("python3", written[1] as string);
      expect(tests.status).toBe(1);
      expect(tests.stderr).toContain("AssertionError");
      expect(tests.stdout).not.toContain("codeforge: tests passed");
    },
  );

  it("writes Node tests that node runs against the program, requires declared in both", async () => {
    directory = await mkdtemp(join(tmpdir(), "codeforge-out-"));

    const written = await writeResultFiles(directory, result("node", NODE_CODE, NODE_TESTS));

    expect(written).toEqual([join(directory, "solution.js"), join(directory, "solution.test.js")]);
    const program = runFile(process.execPath, written[0] as string);
    expect(program.stdout).toBe("5\n");
    const tests = runFile(process.execPath, written[1] as string);
    expect(tests.stderr).toBe("");
    expect(tests.status).toBe(0);
    expect(tests.stdout).toContain("5\ncodeforge: tests passed\n");
  });

  it("the written Node tests fail when the program is wrong", async () => {
    directory = await mkdtemp(join(tmpdir(), "codeforge-out-"));
    const wrong = NODE_CODE.replace("const LIMIT = 10;", "const LIMIT = 2;");

    const written = await writeResultFiles(directory, result("node", wrong, NODE_TESTS));

    const tests = runFile(process.execPath, written[1] as string);
    expect(tests.status).toBe(1);
    expect(tests.stderr).toContain("AssertionError");
    expect(tests.stdout).not.toContain("codeforge: tests passed");
  });

  it("writes only the program when there are no tests, and nothing without code", async () => {
    directory = await mkdtemp(join(tmpdir(), "codeforge-out-"));

    const onlyProgram = await writeResultFiles(directory, result("node", NODE_CODE, "  \n"));
    const nothing = await writeResultFiles(directory, {
      ...result("python", "", ""),
      finalCode: null,
    });

    expect(onlyProgram).toEqual([join(directory, "solution.js")]);
    expect(nothing).toEqual([]);
  });
});
