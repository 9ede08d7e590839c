import { describe, expect, it } from "vitest";
import {
  buildTestProgram,
  createPassMarker,
  stripPassMarker,
  TESTS_PASSED_MARKER,
  testRunPassed,
} from "./test-program.js";
import { judged, MARKER, runNode } from "./test-support/run-test-program.js";

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
    expect(judged(passing)).toBe(true);
    // Run as `node main.js` (as the sandbox runs it), the program's main guard prints 5.
    expect(stripPassMarker(passing.stdout, MARKER)).toBe(`5\n${TESTS_PASSED_MARKER}\n`);
  });

  it("fails a JavaScript program that exits 0 before its tests ran", () => {
    const early = runNode(
      buildTestProgram(
        "node",
        "function add(a, b) { return a - b; }\nprocess.exit(0);\n",
        'const assert = require("node:assert");\nassert.strictEqual(add(2, 3), 5);',
      ),
    );
    expect(early.status).toBe(0);
    expect(judged(early)).toBe(false);
  });

  it("never puts the marker in the program's source and gives each run a new one", () => {
    expect(buildTestProgram("python", "x = 1", "assert x == 1")).not.toContain(MARKER);
    expect(buildTestProgram("node", "const x = 1;", "")).not.toContain(MARKER);
    expect(createPassMarker()).not.toBe(createPassMarker());
    expect(createPassMarker()).toMatch(/^codeforge-run-passed-[0-9a-f]{32}$/);
  });

  it("passes only with exit 0 and the marker as stdout's last line", () => {
    const run = {
      exitCode: 0,
      stdout: `ok\n${MARKER}\n`,
      stderr: "",
      timedOut: false,
      oomKilled: false,
      durationMs: 1,
      truncated: false,
    };
    expect(testRunPassed(run, MARKER)).toBe(true);
    expect(testRunPassed({ ...run, stdout: `${MARKER}\nmore\n` }, MARKER)).toBe(false);
    expect(testRunPassed({ ...run, exitCode: 1 }, MARKER)).toBe(false);
    expect(testRunPassed({ ...run, stdout: "ok\n" }, MARKER)).toBe(false);
    expect(testRunPassed(run, createPassMarker())).toBe(false);
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
    // The line for people, then the child's completion report to its supervisor, last.
    const passedLine = program.indexOf(`print("${TESTS_PASSED_MARKER}")`);
    expect(passedLine).toBeGreaterThan(program.indexOf("_codeforge_run_test_functions()\n"));
    const report = program.slice(passedLine).trimEnd().split("\n").slice(1).join("\n");
    expect(report).toContain('environ.get("_CODEFORGE_TEST_CHILD")');
    expect(report.endsWith('b"codeforge-tests-completed\\n")')).toBe(true);
  });

  it("hoists Python __future__ imports above the marker preamble", () => {
    const program = buildTestProgram(
      "python",
      "from __future__ import annotations\n\ndef f() -> int:\n    return 1\n",
      "assert f() == 1",
    );
    expect(program.startsWith("from __future__ import annotations\n")).toBe(true);
    expect(program.match(/from __future__/g)).toHaveLength(1);
  });
});

/** Python: looks for a pass marker in its frames, its memory, its parent's memory and stdin. */
