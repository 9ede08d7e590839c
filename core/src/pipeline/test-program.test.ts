import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildTestProgram, TESTS_PASSED_MARKER } from "./test-program.js";

/** Runs a built JavaScript test program with this Node: our own fixed programs, not model output. */
function runNode(code: string) {
  return spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
}

describe("buildTestProgram", () => {
  const code =
    'const assert = require("node:assert");\nfunction add(a, b) { return a + b; }\nif (require.main === module) { console.log(add(2, 3)); }\n';

  it("runs JavaScript tests after the code, their requires not clashing with the program's", () => {
    const passing = runNode(
      buildTestProgram(
        "node",
        code,
        'const assert = require("node:assert");\nassert.strictEqual(add(2, 3), 5);',
      ),
    );
    expect(passing.status).toBe(0);
    expect(passing.stdout).toContain(TESTS_PASSED_MARKER);
  });

  it("exits non-zero with the assertion when a JavaScript test fails", () => {
    const failing = runNode(buildTestProgram("node", code, "assert.strictEqual(add(2, 2), 5);"));
    expect(failing.status).not.toBe(0);
    expect(failing.stderr).toContain("AssertionError");
    expect(failing.stdout).not.toContain(TESTS_PASSED_MARKER);
  });

  it("puts Python tests and the test_* runner after the code and its main guard", () => {
    const program = buildTestProgram(
      "python",
      'def f() -> int:\n    return 1\n\n\nif __name__ == "__main__":\n    print(f())\n',
      "def test_f():\n    assert f() == 1",
    );
    expect(program.indexOf('if __name__ == "__main__":')).toBeLessThan(
      program.indexOf("# ---- tests ----"),
    );
    expect(program).toContain("def test_f():\n    assert f() == 1");
    expect(program.trimEnd().endsWith(`print("${TESTS_PASSED_MARKER}")`)).toBe(true);
  });
});
