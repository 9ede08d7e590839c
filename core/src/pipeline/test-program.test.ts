import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireService } from "../testing/require-service.js";
import {
  buildTestProgram,
  createPassMarker,
  stripPassMarker,
  TESTS_PASSED_MARKER,
  TESTS_UNFINISHED_LINE,
  testProgramStdin,
  testRunPassed,
} from "./test-program.js";

const MARKER = createPassMarker();
const folder = mkdtempSync(join(tmpdir(), "codeforge-test-program-"));
chmodSync(folder, 0o755);
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let written = 0;

/**
 * Runs a built test program as the sandbox pool does (`node main.js`, `python3 main.py`,
 * the marker in a file on stdin), with this machine's interpreters: our own fixed programs,
 * not model output.
 */
function runFile(command: string, extension: string, code: string) {
  const file = join(folder, `program-${written}.${extension}`);
  const stdin = join(folder, `stdin-${written++}`);
  writeFileSync(file, code, { mode: 0o644 });
  writeFileSync(stdin, testProgramStdin(MARKER));
  const input = openSync(stdin, "r");
  // The sandbox runs programs as a user without privileges; root may read any process's
  // memory and descriptors, so as root the program runs as `nobody`, as it would there.
  // (A root-only install such as pyenv's is out of its reach: it runs the system's python3.)
  const asRoot = process.getuid?.() === 0;
  const interpreter = asRoot && command === "python3" ? "/usr/bin/python3" : command;
  const [program, ...args] = asRoot
    ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", interpreter, file]
    : [command, file];
  try {
    return spawnSync(program as string, args, { encoding: "utf8", stdio: [input, "pipe", "pipe"] });
  } finally {
    closeSync(input);
  }
}

function runNode(code: string) {
  return runFile(process.execPath, "js", code);
}

function runPython(code: string) {
  return runFile("python3", "py", code);
}

const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

function judged(run: ReturnType<typeof runNode>) {
  return testRunPassed(
    {
      exitCode: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      timedOut: false,
      oomKilled: false,
      durationMs: 1,
      truncated: false,
    },
    MARKER,
  );
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
