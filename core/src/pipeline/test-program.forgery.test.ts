import { describe, expect, it } from "vitest";
import {
  buildTestProgram,
  stripPassMarker,
  TESTS_PASSED_MARKER,
  TESTS_UNFINISHED_LINE,
} from "./test-program.js";
import { judged, MARKER, python, runNode, runPython } from "./test-support/run-test-program.js";

const PYTHON_FIND_MARKER = `def _find():
    import os, re, sys
    pattern = re.compile(rb"codeforge-run-passed-[0-9a-f]{32}")
    for frame in list(sys._current_frames().values()):
        while frame is not None:
            for value in list(frame.f_locals.values()):
                if isinstance(value, str) and pattern.fullmatch(value.encode()):
                    return value
            frame = frame.f_back
    for value in list(globals().values()):
        for cell in getattr(value, "__closure__", None) or ():
            try:
                inner = cell.cell_contents
            except ValueError:
                continue
            if isinstance(inner, str) and pattern.fullmatch(inner.encode()):
                return inner
    for pid in ("self", str(os.getppid())):
        try:
            with open("/proc/%s/maps" % pid) as maps, open("/proc/%s/mem" % pid, "rb", 0) as mem:
                for line in maps:
                    span, perms = line.split()[:2]
                    start, end = (int(part, 16) for part in span.split("-"))
                    if not perms.startswith("r") or end - start > 1 << 28:
                        continue
                    try:
                        mem.seek(start)
                        match = pattern.search(mem.read(end - start))
                    except (OSError, ValueError, OverflowError):
                        continue
                    if match:
                        return match.group().decode()
        except OSError:
            pass
    try:
        with open("/proc/%d/fd/0" % os.getppid(), "rb") as stdin:
            match = pattern.search(stdin.read())
            return match.group().decode() if match else None
    except OSError:
        return None
`;

describe("a program that tries to pass without passing its tests", () => {
  const wrongPython = "def add(a, b):\n    return a - b\n";
  const pythonTests = "assert add(2, 3) == 5";
  const wrongNode = "function add(a, b) { return a - b; }\n";
  const nodeTests = 'const assert = require("node:assert");\nassert.strictEqual(add(2, 3), 5);';

  it("fails in JavaScript when it calls the harness's report function, then process.exit(0)", () => {
    const run = runNode(
      buildTestProgram(
        "node",
        `${wrongNode}if (typeof __codeforgeReportPassed === "function") __codeforgeReportPassed();\nprocess.exit(0);\n`,
        nodeTests,
      ),
    );
    expect(run.status).toBe(0);
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it prints a guessed marker and exits 0", () => {
    const run = runNode(
      buildTestProgram(
        "node",
        `${wrongNode}console.log("codeforge-run-passed-" + "0".repeat(32));\nprocess.exit(0);\n`,
        nodeTests,
      ),
    );
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it prints the marker read from stdin, then exits 0", () => {
    const run = runNode(
      buildTestProgram(
        "node",
        `${wrongNode}let stolen = "";\ntry { stolen = require("node:fs").readFileSync(0, "utf8").trim(); } catch {}\nconsole.log(stolen || "codeforge-run-passed-" + "0".repeat(32));\nprocess.exit(0);\n`,
        nodeTests,
      ),
    );
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().endsWith(TESTS_UNFINISHED_LINE)).toBe(true);
    expect(judged(run)).toBe(false);
  });

  describe.skipIf(!python.available)(`in Python ${python.reason}`, () => {
    it("passes a correct program, prints the marker last and nothing of it elsewhere", () => {
      const run = runPython(
        buildTestProgram(
          "python",
          'import sys\ndef add(a, b):\n    return a + b\n\n\nif __name__ == "__main__":\n    print(add(1, 2), sys.stdin.read() == "")\n',
          `${pythonTests}\ndef test_add():\n    assert add(1, 1) == 2`,
        ),
      );
      expect(run.stderr).toBe("");
      expect(judged(run)).toBe(true);
      expect(stripPassMarker(run.stdout, MARKER)).toBe(`3 True\n${TESTS_PASSED_MARKER}\n`);
    });

    it("runs only the tests' own test_* functions, not a program function named test_*", () => {
      const run = runPython(
        buildTestProgram(
          "python",
          "def test_duplicate(numbers):\n    return len(numbers) != len(set(numbers))\n",
          "assert test_duplicate([1, 2, 2])\nassert not test_duplicate([1, 2])\n\ndef test_own():\n    assert test_duplicate([3, 3])",
        ),
      );
      expect(run.stderr).toBe("");
      expect(judged(run)).toBe(true);
    });

    it("fails when an assertion fails, with the program's own line numbers", () => {
      const run = runPython(buildTestProgram("python", wrongPython, pythonTests));
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("AssertionError");
      expect(run.stderr).toMatch(/line 7, in <module>\n\s+assert add\(2, 3\) == 5/);
      expect(judged(run)).toBe(false);
    });

    it("fails when it calls globals()['_codeforge_report_passed'], then os._exit(0)", () => {
      const run = runPython(
        buildTestProgram(
          "python",
          `import os\n${wrongPython}_report = globals().get("_codeforge_report_passed")\nif _report:\n    _report()\nos._exit(0)\n`,
          pythonTests,
        ),
      );
      expect(run.status).toBe(0);
      expect(judged(run)).toBe(false);
    });

    it("fails when it finds no marker in its frames, closures, memory or its supervisor's", () => {
      const run = runPython(
        buildTestProgram(
          "python",
          `import os, sys\n${PYTHON_FIND_MARKER}${wrongPython}sys.stdout.write("\\n" + (_find() or "codeforge-run-passed-" + "".join(["0"] * 32)) + "\\n")\nsys.stdout.flush()\nos._exit(0)\n`,
          pythonTests,
        ),
      );
      expect(run.status).toBe(0);
      expect(judged(run)).toBe(false);
    });

    it("fails when it patches print and sys.stdout, then exits 0 early", () => {
      const run = runPython(
        buildTestProgram(
          "python",
          `import builtins, os, sys\n${PYTHON_FIND_MARKER}${wrongPython}class _Out:\n    def write(self, text):\n        os.write(1, ("\\n" + (_find() or "x") + "\\n").encode())\n        os._exit(0)\n    def flush(self):\n        self.write("")\nsys.stdout = _Out()\nbuiltins.print = lambda *args, **kwargs: sys.stdout.write("")\n`,
          pythonTests,
        ),
      );
      expect(judged(run)).toBe(false);
    });
  });
});
