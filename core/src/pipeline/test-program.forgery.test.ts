import { describe, expect, it } from "vitest";
import { stripPassMarker, TESTS_PASSED_MARKER, TESTS_UNFINISHED_LINE } from "./test-program.js";
import { judged, MARKER, python, runTests } from "./test-support/run-test-program.js";

// The program's process and the runner (which runs the tests and alone may print the
// marker) are two processes: each case below is code written to pass without passing.
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

/** JavaScript: looks for the marker on its runner's stdin and in its runner's memory. */
const NODE_FIND_MARKER = `function findMarker() {
  const fs = require("node:fs");
  const pattern = /codeforge-run-passed-[0-9a-f]{32}/;
  for (const pid of [String(process.ppid), "self"]) {
    try {
      const found = fs.readFileSync("/proc/" + pid + "/fd/0", "latin1").match(pattern);
      if (found) return found[0];
    } catch {}
    try {
      const mem = fs.openSync("/proc/" + pid + "/mem", "r");
      for (const line of fs.readFileSync("/proc/" + pid + "/maps", "utf8").split("\\n")) {
        const [span, perms] = line.split(" ");
        if (!span || !perms.startsWith("r")) continue;
        const [start, end] = span.split("-").map((part) => BigInt("0x" + part));
        if (end - start > 1n << 26n) continue;
        const buffer = Buffer.alloc(Number(end - start));
        try {
          fs.readSync(mem, buffer, 0, buffer.length, start);
        } catch {
          continue;
        }
        const found = buffer.toString("latin1").match(pattern);
        if (found) return found[0];
      }
    } catch {}
  }
  return null;
}
`;

describe("a program that tries to pass without passing its tests", () => {
  const wrongPython = "def add(a, b):\n    return a - b\n";
  const pythonTests = "assert add(2, 3) == 5";
  const wrongNode = "function add(a, b) { return a - b; }\n";
  const nodeTests = 'const assert = require("node:assert");\nassert.strictEqual(add(2, 3), 5);';

  it("passes a correct JavaScript program, the marker last and nowhere else", () => {
    const run = runTests(
      "node",
      "function add(a, b) { return a + b; }\nconsole.log(add(1, 2));\n",
      nodeTests,
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
    expect(stripPassMarker(run.stdout, MARKER)).toBe(`3\n${TESTS_PASSED_MARKER}\n`);
  });

  it("fails in JavaScript when it calls an old harness's report function, then process.exit(0)", () => {
    const run = runTests(
      "node",
      `${wrongNode}if (typeof __codeforgeReportPassed === "function") __codeforgeReportPassed();\nrequire("node:worker_threads").parentPort?.postMessage("codeforge-tests-completed");\nprocess.exit(0);\n`,
      nodeTests,
    );
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().endsWith(TESTS_UNFINISHED_LINE)).toBe(true);
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it patches console.log and process.stdout, then exits 0", () => {
    const run = runTests(
      "node",
      `${wrongNode}const fs = require("node:fs");\nprocess.stdout.write = () => { fs.writeSync(1, "\\ncodeforge-run-passed-" + "0".repeat(32) + "\\n"); process.exit(0); };\nconsole.log = (...args) => process.stdout.write(args.join(" "));\nconsole.log("patched");\n`,
      nodeTests,
    );
    expect(run.status).toBe(1);
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it prints a guessed marker and exits 0", () => {
    const run = runTests(
      "node",
      `${wrongNode}console.log("codeforge-run-passed-" + "0".repeat(32));\nprocess.exit(0);\n`,
      nodeTests,
    );
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it steals the marker from its runner's stdin or memory and exits 0", () => {
    const run = runTests(
      "node",
      `${NODE_FIND_MARKER}${wrongNode}console.log("\\n" + (findMarker() ?? "none"));\nprocess.exit(0);\n`,
      nodeTests,
    );
    // Node cannot hide the marker from a process of the same user: the program prints it,
    // and still fails, because exit 0 and the last line are the runner's.
    expect(run.stdout).toContain(`\n${MARKER}\n`);
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().endsWith(TESTS_UNFINISHED_LINE)).toBe(true);
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it steals the marker, prints it while a test calls it, and kills its runner", () => {
    const run = runTests(
      "node",
      `${NODE_FIND_MARKER}function add(a, b) {\n  const stolen = findMarker();\n  console.log("\\n" + (stolen ?? "none"));\n  process.kill(process.ppid, "SIGKILL");\n  process.exit(0);\n}\n`,
      nodeTests,
    );
    expect(run.status).not.toBe(0);
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it tries to run code in the runner through a function the tests gave it", () => {
    const run = runTests(
      "node",
      'function apply(f) {\n  const make = f.constructor;\n  make("process.exit(0)")();\n  return 1;\n}\n',
      'const assert = require("node:assert");\nassert.strictEqual(apply((x) => x), 2);',
    );
    expect(run.stderr).toContain("the program may only call the functions the tests gave it");
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when the tests load the program's file into the runner", () => {
    const run = runTests(
      "node",
      `${NODE_FIND_MARKER}${wrongNode}if (require.main !== module) { console.log("\\n" + findMarker()); process.exit(0); }\n`,
      `const { add: loaded } = require("./solution.js");\n${nodeTests}`,
    );
    expect(run.stderr).toContain("the tests may not load ./solution.js");
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when its process claims names the tests did not ask for (require)", () => {
    const run = runTests(
      "node",
      `const v8 = require("node:v8");
const serialize = v8.serialize;
const deserialize = v8.deserialize;
v8.serialize = (m) => serialize(m[0] === "names" ? ["names", [...m[1], "require", "assert"]] : m);
v8.deserialize = (b) => {
  const f = deserialize(b);
  if (f[1] === "global" && ["require", "assert"].includes(f[2][0][1])) f[2][0][1] = "add";
  return f;
};
const nothing = () => {};
function add(a, b) { return typeof a === "string" ? { strictEqual: nothing } : a - b; }
`,
      nodeTests,
    );
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when a reply tries to copy back into the runner's built-ins", () => {
    const run = runTests(
      "node",
      `const v8 = require("node:v8");
const serialize = v8.serialize;
v8.serialize = (m) =>
  serialize(m[0] === "a" ? ["a", m[1], [["__proto__", ["o", [["forEach", ["r", 0, true]]]]], ["constructor", ["o", []]]]] : m);
function add(a, b) { return typeof a === "function" ? undefined : a - b; }
`,
      'const assert = require("node:assert");\ntypeof add;\n[[2, 3, 5]].forEach(([a, b, c]) => assert.strictEqual(add(a, b), c));',
    );
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when a test awaits a value of the program that never settles", () => {
    const run = runTests(
      "node",
      "function add() { return { then() {} }; }\n",
      'const assert = require("node:assert");\n(async () => { assert.strictEqual(await add(2, 3), 5); })();',
    );
    expect(run.stderr).toContain("never settled");
    expect(run.status).toBe(1);
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it swaps a global the tests use (JSON) without declaring it", () => {
    const run = runTests(
      "node",
      `${wrongNode}Object.defineProperty(globalThis, "JSON", { get: () => ({ stringify: () => "5" }) });\n`,
      'const assert = require("node:assert");\nassert.strictEqual(JSON.stringify(add(2, 3)), "5");',
    );
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it defines a fake of a name the tests declare themselves", () => {
    const run = runTests(
      "node",
      `const v8 = require("node:v8");
const deserialize = v8.deserialize;
v8.deserialize = (b) => {
  const f = deserialize(b);
  if (f[1] === "assign") return ["q", "global", [f[2][0]]];
  return f;
};
var assert = { strictEqual() {} };
${wrongNode}`,
      'var assert = require("node:assert");\nassert.strictEqual(add(2, 3), 5);',
    );
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when a thenable resolves a test's await with one that never settles", () => {
    for (const program of [
      "function add(a, b) {\n  return { then(onFulfilled) { onFulfilled({ then: onFulfilled }); } };\n}\n",
      `const v8 = require("node:v8");\nconst serialize = v8.serialize;\nv8.serialize = (m) => {\n  if (m[0] === "a" && m[1][0] === "o") m[1][1] = m[1][1].map(([n, v]) => [n === "then" ? ["then"] : n, v]);\n  return serialize(m);\n};\nfunction add(a, b) { return { then() {} }; }\n`,
    ]) {
      const run = runTests(
        "node",
        program,
        'const assert = require("node:assert");\n(async () => { assert.strictEqual(await add(2, 3), 5); })();',
      );
      expect(judged(run)).toBe(false);
    }
  });

  it("fails in JavaScript when it sends SIGUSR1 to open its runner's inspector", () => {
    const run = runTests(
      "node",
      `process.kill(process.ppid, "SIGUSR1");\nAtomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);\n${wrongNode}`,
      nodeTests,
    );
    expect(run.stderr).not.toContain("Debugger listening");
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when it plants a package that the tests then require", () => {
    const run = runTests(
      "node",
      `const fs = require("node:fs"), os = require("node:os"), path = require("node:path");
for (const dir of [path.join(os.homedir(), ".node_modules", "chai")]) {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "index.js"), "require('node:assert').strictEqual = () => {};\\nmodule.exports = { expect: () => ({ to: { equal() {} } }) };\\n");
  } catch {}
}
${wrongNode}`,
      `const { expect } = require("chai");\n${nodeTests}\nexpect(add(2, 3)).to.equal(5);`,
    );
    expect(run.stderr).toMatch(/the tests may not load chai|Cannot find module 'chai'/);
    expect(judged(run)).toBe(false);
  });

  it("fails in JavaScript when the tests' own var is one of the program's names it changes", () => {
    const run = runTests(
      "node",
      "let expected;\nfunction add(a, b) { expected = a - b; return a - b; }\n",
      'const assert = require("node:assert");\nvar sum = 0, expected = 5;\nassert.strictEqual(add(2, 3), expected);',
    );
    expect(judged(run)).toBe(false);
  });

  describe.skipIf(!python.available)(`in Python ${python.reason}`, () => {
    it("fails when an exception class of the program's shadows a builtin or __name__", () => {
      const all = runTests(
        "python",
        `${wrongPython}globals()["all"] = type("all", (Exception,), {})\n`,
        "assert all(add(a, b) == c for a, b, c in [(2, 3, 5)])",
      );
      expect(judged(all)).toBe(false);
      const dunder = runTests(
        "python",
        `import pickle\n_dumps = pickle.dumps\n\n\ndef _forge(value, *args, **kwargs):\n    if type(value) is tuple and len(value) == 2 and type(value[0]) is list:\n        value = (value[0], value[1] + [("__name__", [("b", "Exception")])])\n    return _dumps(value, *args, **kwargs)\n\n\npickle.dumps = _forge\n${wrongPython}`,
        'if __name__ == "__main__":\n    assert add(2, 3) == 5',
      );
      expect(judged(dunder)).toBe(false);
    });

    it("fails when it changes a name the tests bound themselves to the same small value", () => {
      const run = runTests(
        "python",
        "expected = 5\n\n\ndef add(a, b):\n    global expected\n    expected = a - b\n    return a - b\n",
        "expected = 5\nassert add(2, 3) == expected",
      );
      expect(judged(run)).toBe(false);
    });

    it("fails when the only tests are an async test_* or a unittest.TestCase that would fail", () => {
      for (const tests of [
        "async def test_add():\n    assert add(2, 3) == 5",
        "import unittest\n\n\nclass TestAdd(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)",
      ]) {
        const run = runTests("python", wrongPython, tests);
        expect(judged(run)).toBe(false);
      }
    });

    it("fails when it shadows the names a harness would use (globals, isinstance) to skip test_*", () => {
      const run = runTests(
        "python",
        `${wrongPython}def globals():\n    return {}\n\n\ndef isinstance(value, kind):\n    return False\n`,
        "def test_add():\n    assert add(2, 3) == 5",
      );
      expect(run.stderr).toContain("AssertionError");
      expect(judged(run)).toBe(false);
    });

    it("fails when it binds a builtin the tests use without a line of its source binding it", () => {
      const run = runTests(
        "python",
        `${wrongPython}globals()["len"] = lambda value: 3\n`,
        "assert len(str(add(2, 3))) == 3",
      );
      expect(judged(run)).toBe(false);
    });

    it("fails when the tests import the program's module into the runner", () => {
      const run = runTests(
        "python",
        `import os\n${PYTHON_FIND_MARKER}${wrongPython}if __name__ != "__main__":\n    print(_find())\n    os._exit(0)\n`,
        `import solution\n${pythonTests}`,
      );
      expect(run.stderr).toContain("ModuleNotFoundError");
      expect(judged(run)).toBe(false);
    });

    it("passes a correct program, prints the marker last and nothing of it elsewhere", () => {
      const run = runTests(
        "python",
        'import sys\ndef add(a, b):\n    return a + b\n\n\nif __name__ == "__main__":\n    print(add(1, 2), sys.stdin.read() == "")\n',
        `${pythonTests}\ndef test_add():\n    assert add(1, 1) == 2`,
      );
      expect(run.stderr).toBe("");
      expect(judged(run)).toBe(true);
      expect(stripPassMarker(run.stdout, MARKER)).toBe(`3 True\n${TESTS_PASSED_MARKER}\n`);
    });

    it("runs only the tests' own test_* functions, not a program function named test_*", () => {
      const run = runTests(
        "python",
        "def test_duplicate(numbers):\n    return len(numbers) != len(set(numbers))\n",
        "assert test_duplicate([1, 2, 2])\nassert not test_duplicate([1, 2])\n\ndef test_own():\n    assert test_duplicate([3, 3])",
      );
      expect(run.stderr).toBe("");
      expect(judged(run)).toBe(true);
    });

    it("fails when an assertion fails, with the tests' own line numbers", () => {
      const run = runTests("python", wrongPython, `x = 1\n${pythonTests}`);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("AssertionError");
      expect(run.stderr).toMatch(
        /test_solution\.py", line 2, in <module>\n\s+assert add\(2, 3\) == 5/,
      );
      expect(judged(run)).toBe(false);
    });

    it("fails when it calls globals()['_codeforge_report_passed'], then os._exit(0)", () => {
      const run = runTests(
        "python",
        `import os\n${wrongPython}_report = globals().get("_codeforge_report_passed")\nif _report:\n    _report()\nos._exit(0)\n`,
        pythonTests,
      );
      expect(run.status).toBe(1);
      expect(run.stdout.trimEnd().endsWith(TESTS_UNFINISHED_LINE)).toBe(true);
      expect(judged(run)).toBe(false);
    });

    it("fails when it writes an old harness's completion report on fd 3, then os._exit(0)", () => {
      const run = runTests(
        "python",
        `import os\n${wrongPython}for fd in range(3, 10):\n    try:\n        os.write(fd, b"codeforge-tests-completed\\n")\n    except OSError:\n        pass\nos._exit(0)\n`,
        pythonTests,
      );
      expect(judged(run)).toBe(false);
    });

    it("fails when it finds no marker in its frames, closures, memory or its runner's", () => {
      const run = runTests(
        "python",
        `import os, sys\n${PYTHON_FIND_MARKER}${wrongPython}sys.stdout.write("\\n" + (_find() or "codeforge-run-passed-" + "".join(["0"] * 32)) + "\\n")\nsys.stdout.flush()\nos._exit(0)\n`,
        pythonTests,
      );
      expect(run.stdout).not.toContain(MARKER.slice(-32, -1) + "\n" + MARKER);
      expect(judged(run)).toBe(false);
    });

    it("fails when the code walks the frames of a test's call to it, then prints and exits 0", () => {
      const run = runTests(
        "python",
        `import os, sys\n${PYTHON_FIND_MARKER}def add(a, b):\n    sys.stdout.write("\\n" + (_find() or "none") + "\\n")\n    sys.stdout.flush()\n    os._exit(0)\n`,
        pythonTests,
      );
      expect(run.stdout).not.toContain(MARKER);
      expect(judged(run)).toBe(false);
    });

    it("fails when it patches print and sys.stdout, then exits 0 early", () => {
      const run = runTests(
        "python",
        `import builtins, os, sys\n${PYTHON_FIND_MARKER}${wrongPython}class _Out:\n    def write(self, text):\n        os.write(1, ("\\n" + (_find() or "x") + "\\n").encode())\n        os._exit(0)\n    def flush(self):\n        self.write("")\nsys.stdout = _Out()\nbuiltins.print = lambda *args, **kwargs: sys.stdout.write("")\n`,
        pythonTests,
      );
      expect(judged(run)).toBe(false);
    });
  });
});
