import { ConfigSchema, runTask, TESTS_PASSED_MARKER, TESTS_UNFINISHED_LINE } from "@codeforge/core";
import { createScriptedModel, type ScriptedReply } from "@codeforge/core/testing";
import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";

// A program that exits 0 before its tests ran is no pass, on the real sandbox: the runner
// (the tests' process) prints the pass marker (fresh per run, on stdin) only after every
// test ran, and ends the run with exit 1 and the unfinished line when the program's
// process ended with exit 0 first.
const config = ConfigSchema.parse({
  repair: { backoffBaseSeconds: 0, maxRetries: 1 },
  sandbox: { memoryMb: 256, timeoutSeconds: 20 },
});
const executor = createDockerExecutor({ docker: new Docker(), config: config.sandbox });

const python = await requireSandboxImage(executor, config.sandbox);
const node = await requireSandboxImage(executor, config.sandbox, "node");

const TASK =
  "Write a function add(a: int, b: int) -> int returning the sum. Example: add(2, 3) == 5";
const PY_TESTS = "assert add(2, 3) == 5";
const PY_EARLY_EXIT = `import sys


def add(a: int, b: int) -> int:
    """The sum (wrongly: the difference)."""
    return a - b


def main() -> None:
    sys.exit(0)


if __name__ == "__main__":
    main()
`;
const PY_FIXED = `def add(a: int, b: int) -> int:
    """The sum."""
    return a + b


def main() -> None:
    print(add(2, 3))


if __name__ == "__main__":
    main()
`;
const JS_TESTS = 'const assert = require("node:assert");\nassert.strictEqual(add(2, 3), 5);';
const JS_EARLY_EXIT = "function add(a, b) {\n  return a - b;\n}\nprocess.exit(0);\n";
const JS_FIXED = "function add(a, b) {\n  return a + b;\n}\nconsole.log(add(2, 3));\n";

const coded = (code: string, tests: string): ScriptedReply => ({
  object: { code, tests, imports: [], explanation: "adds" },
});
const reviewed = (fixed: string): ScriptedReply => ({
  object: {
    root_cause: "main() exits before the tests run and add subtracts",
    error_type: "logic_error",
    fix_description: "remove the exit, add instead of subtracting",
    fixed_code: fixed,
    fixed_tests: null,
    confidence: 0.9,
    changes_made: ["no sys.exit", "- became +"],
  },
});

async function solve(language: "python" | "node", replies: ScriptedReply[]) {
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  const result = await runTask(
    { config, model, executor, classify: () => ({ complexity: "simple" }) },
    { prompt: TASK, language },
  );
  return { model, result };
}

describe.skipIf(!python.available)(`early exit on the real Python sandbox ${python.reason}`, () => {
  it("does not pass a buggy add whose main() calls sys.exit(0); the repair then passes", async () => {
    const { model, result } = await solve("python", [
      coded(PY_EARLY_EXIT, PY_TESTS),
      reviewed(PY_FIXED),
    ]);

    expect(result.attempts[0]?.execution.exitCode).toBe(1);
    expect(result.attempts[0]?.execution.stdout.trimEnd().endsWith(TESTS_UNFINISHED_LINE)).toBe(
      true,
    );
    expect(result.attempts[0]?.passed).toBe(false);
    expect(model.requests[1]?.prompt).toContain("exited with code 0 before all tests ran");
    expect(result.status).toBe("completed");
    expect(result.retryCount).toBe(1);
    expect(result.finalOutput).toBe(`5\n${TESTS_PASSED_MARKER}\n`);
  });

  it("fails the task when the only repair still exits early", async () => {
    const { result } = await solve("python", [
      coded(PY_EARLY_EXIT, PY_TESTS),
      reviewed(PY_EARLY_EXIT),
    ]);

    expect(result.status).toBe("failed");
    expect(result.attempts.map((attempt) => attempt.execution.exitCode)).toEqual([1, 1]);
  });
});

describe.skipIf(!node.available)(`early exit on the real Node sandbox ${node.reason}`, () => {
  it("does not pass a buggy add that calls process.exit(0) before the tests", async () => {
    const { result } = await solve("node", [coded(JS_EARLY_EXIT, JS_TESTS), reviewed(JS_FIXED)]);

    expect(result.attempts[0]?.execution.exitCode).toBe(1);
    expect(result.attempts[0]?.execution.stderr).toContain(
      "exited with code 0 before all tests ran",
    );
    expect(result.attempts[0]?.passed).toBe(false);
    expect(result.status).toBe("completed");
    expect(result.finalOutput).toBe(`5\n${TESTS_PASSED_MARKER}\n`);
  });
});
