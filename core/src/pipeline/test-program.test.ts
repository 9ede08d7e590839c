import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildTestProgram,
  buildTestRun,
  createPassMarker,
  stripPassMarker,
  TEST_RUN_FILES,
  TESTS_PASSED_MARKER,
  testRunPassed,
} from "./test-program.js";
import { judged, MARKER, python, runTests } from "./test-support/run-test-program.js";

const ASSERT = 'const assert = require("node:assert");\n';

describe("buildTestRun", () => {
  it("puts the program and the tests in files of their own, the marker only on stdin", () => {
    for (const language of ["python", "node"] as const) {
      const run = buildTestRun(language, "CODE", "TESTS", MARKER);
      const names = TEST_RUN_FILES[language];
      expect(Object.keys(run.files)).toEqual([names.program, names.tests]);
      expect(run.files[names.program]).toBe("CODE");
      expect(run.files[names.tests]).toContain("TESTS");
      expect(run.stdin).toBe(`${MARKER}\n`);
      expect(run.code).not.toContain(MARKER);
      expect(run.code).not.toContain("CODE");
      // The guard screens what the model wrote, not the runner (which forks and pickles).
      expect(run.guardedSource).toBe("CODE\n\nTESTS\n");
    }
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
});

describe("a JavaScript test run (the program and its tests in two processes)", () => {
  const code = `${ASSERT}function add(a, b) { return a + b; }\nif (require.main === module) { console.log(add(2, 3)); }\n`;

  it("runs the program as the main module first, then the tests, their requires not clashing", () => {
    const run = runTests("node", code, `${ASSERT}assert.strictEqual(add(2, 3), 5);`);
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
    expect(stripPassMarker(run.stdout, MARKER)).toBe(`5\n${TESTS_PASSED_MARKER}\n`);
  });

  it("fails with the assertion, at the tests' own line, when a test fails", () => {
    const run = runTests("node", code, `${ASSERT}\nassert.strictEqual(add(2, 2), 5);`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("AssertionError");
    expect(run.stderr).toContain(`${TEST_RUN_FILES.node.tests}:3:8`);
    expect(run.stderr).not.toContain("main.js");
    expect(run.stdout).not.toContain(TESTS_PASSED_MARKER);
  });

  it("fails a program with a syntax error, pointing at the program's own line", () => {
    const run = runTests(
      "node",
      "function add(a, b) {\n  return a +;\n}\n",
      `${ASSERT}assert.ok(add);`,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${TEST_RUN_FILES.node.program}:2`);
    expect(run.stderr).toContain("SyntaxError");
    expect(run.stderr).not.toContain("__codeforge_lookup__");
    expect(judged(run)).toBe(false);
  });

  it("fails a program whose top level throws, with its error", () => {
    const run = runTests(
      "node",
      'throw new RangeError("no start");\n',
      `${ASSERT}assert.ok(true);`,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("RangeError: no start");
    expect(judged(run)).toBe(false);
  });

  it("uses the program's classes, methods, getters and instanceof through proxies", () => {
    const run = runTests(
      "node",
      'class Stack {\n  constructor() { this.items = []; }\n  push(x) { this.items.push(x); return this; }\n  get size() { return this.items.length; }\n  toString() { return "Stack(" + this.items + ")"; }\n}\nfunction make() { return new Stack(); }\n',
      `${ASSERT}const s = make().push(1).push(2);\nassert.strictEqual(s.size, 2);\nassert.deepStrictEqual(s.items, [1, 2]);\nassert.ok(s instanceof Stack);\nassert.ok(!([] instanceof Stack));\nassert.strictEqual(String(s), "Stack(1,2)");\nassert.strictEqual(typeof Stack, "function");\nassert.strictEqual(typeof s, "object");\nassert.strictEqual(s, s.push(3));\nassert.deepStrictEqual(Object.keys(s), ["items"]);\nconsole.log(s);`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Stack { items: [ 1, 2, 3 ] }");
    expect(judged(run)).toBe(true);
  });

  it("sees the program's names as they are now, and gives back arrays, objects, maps and sets it changed", () => {
    const run = runTests(
      "node",
      "let count = 0;\nfunction bump() { count += 1; }\nfunction sortInPlace(list) { list.sort((a, b) => a - b); }\nfunction tag(object, map, set) { object.seen = true; map.set('k', 1); set.add(2); }\n",
      `${ASSERT}bump(); bump();\nassert.strictEqual(count, 2);\nbump();\nassert.strictEqual(count, 3);\nassert.throws(() => { count = 10; }, /declare the tests' own/);\nconst list = [3, 1, 2];\nsortInPlace(list);\nassert.deepStrictEqual(list, [1, 2, 3]);\nconst object = {}, map = new Map(), set = new Set([1]);\ntag(object, map, set);\nassert.deepStrictEqual([object, [...map], [...set]], [{ seen: true }, [["k", 1]], [1, 2]]);`,
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("brings the program's errors across: built-in classes, its own classes, names and codes", () => {
    const run = runTests(
      "node",
      "class ValidationError extends Error {\n  constructor(message) { super(message); this.name = 'ValidationError'; this.code = 'E_BAD'; }\n}\nfunction check(x) { if (x < 0) throw new ValidationError('negative'); if (x > 9) throw new RangeError('too big'); return x; }\n",
      `${ASSERT}assert.throws(() => check(-1), ValidationError);\nassert.throws(() => check(-1), { name: "ValidationError", message: "negative", code: "E_BAD" });\nassert.throws(() => check(10), RangeError);\nassert.throws(() => check(10), /too big/);\nassert.strictEqual(check(3), 3);`,
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("settles the program's promises and calls the tests' functions it is given", () => {
    const run = runTests(
      "node",
      "async function later(x) { await new Promise((resolve) => setTimeout(resolve, 5)); return x * 2; }\nfunction mapAll(list, f) { return list.map((item) => f(item)); }\nasync function fails() { throw new TypeError('async no'); }\n",
      `${ASSERT}assert.deepStrictEqual(mapAll([1, 2], (x) => x + 1), [2, 3]);\n(async () => {\n  assert.strictEqual(await later(4), 8);\n  await assert.rejects(fails(), TypeError);\n  console.log("async done");\n})();`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("async done");
    expect(judged(run)).toBe(true);
  });

  it("gives the program's late callbacks and timers their turn, as one file would", () => {
    const right = [
      [
        "function add(a, b, done) { setTimeout(() => done(a + b), 5); }\n",
        `${ASSERT}add(2, 3, (sum) => assert.strictEqual(sum, 5));`,
      ],
      [
        "function later(x) { return { then(resolve) { setTimeout(() => resolve(x), 5); } }; }\n",
        `${ASSERT}(async () => {\n  assert.strictEqual(await later(1), 1);\n  assert.strictEqual(await later(2), 2);\n})();`,
      ],
      [
        "function debounce(f, ms) { let timer; return (...args) => { clearTimeout(timer); timer = setTimeout(() => f(...args), ms); }; }\n",
        `${ASSERT}let calls = 0;\nconst debounced = debounce(() => { calls += 1; }, 10);\ndebounced();\ndebounced();\nsetTimeout(() => assert.strictEqual(calls, 1), 60);`,
      ],
    ];
    for (const [code, tests] of right)
      expect(judged(runTests("node", code as string, tests as string))).toBe(true);
    for (const late of [
      "setTimeout(() => done(a - b), 5)",
      "process.nextTick(() => done(a - b))",
      "Promise.resolve().then(() => done(a - b))",
    ]) {
      const run = runTests(
        "node",
        `function add(a, b, done) { ${late}; }\n`,
        `${ASSERT}add(2, 3, (sum) => assert.strictEqual(sum, 5));`,
      );
      expect(run.stderr).toContain("AssertionError");
      expect(judged(run)).toBe(false);
    }
  });

  it("gives the tests what the program prints while they collect console.log and stdout", () => {
    const tests = `${ASSERT}const logs = [];\nconst log = console.log;\nconst write = process.stdout.write;\nconst chunks = [];\nconsole.log = (...args) => logs.push(args);\nprocess.stdout.write = (chunk) => chunks.push(String(chunk));\nmain();\nconsole.log = log;\nprocess.stdout.write = write;\nassert.deepStrictEqual(logs, [["hello", 5]]);\nassert.deepStrictEqual(chunks, ["raw\\n"]);`;
    const right = runTests(
      "node",
      "function main() { console.log('hello', 5); process.stdout.write('raw\\n'); }\n",
      tests,
    );
    expect(right.stderr).toBe("");
    expect(judged(right)).toBe(true);
    const wrong = runTests(
      "node",
      "function main() { console.log('hello', 6); process.stdout.write('raw\\n'); }\n",
      tests,
    );
    expect(judged(wrong)).toBe(false);
  });

  it("fails when an asynchronous test fails after the synchronous ones passed", () => {
    const run = runTests(
      "node",
      "async function later(x) { return x; }\n",
      `${ASSERT}(async () => { assert.strictEqual(await later(1), 2); })();`,
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("AssertionError");
    expect(judged(run)).toBe(false);
  });

  it("fails a program that exits 0 before its tests ran, with the unfinished line last", () => {
    const run = runTests(
      "node",
      "function add(a, b) { return a - b; }\nprocess.exit(0);\n",
      `${ASSERT}assert.strictEqual(add(2, 3), 5);`,
    );
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(
      "codeforge: the program ended before its tests finished",
    );
    expect(judged(run)).toBe(false);
  });

  it("fails when the program's process ends during a test even if the test swallows the error", () => {
    const run = runTests(
      "node",
      "function stop() { process.exit(0); }\n",
      `${ASSERT}try { stop(); } catch {}\nassert.ok(true);`,
    );
    expect(run.status).toBe(1);
    expect(judged(run)).toBe(false);
  });
});

describe("tests that run as the main module", () => {
  it("runs JavaScript tests under require.main === module", () => {
    const run = runTests(
      "node",
      "function add(a, b) { return a - b; }\n",
      `${ASSERT}if (require.main === module) {\n  assert.strictEqual(add(2, 3), 5);\n}`,
    );
    expect(run.stderr).toContain("AssertionError");
    expect(judged(run)).toBe(false);
  });

  it.skipIf(!python.available)("runs Python tests under if __name__ == '__main__'", () => {
    const run = runTests(
      "python",
      "def add(a, b):\n    return a - b\n",
      'if __name__ == "__main__":\n    assert add(2, 3) == 5',
    );
    expect(run.stderr).toContain("AssertionError");
    expect(judged(run)).toBe(false);
  });
});

describe.skipIf(!python.available)(`a Python test run ${python.reason}`, () => {
  it("has the program's plain module-level values by value, kept up to date", () => {
    const run = runTests(
      "python",
      "import json\n\nLIMIT = 10\nCACHE = None\nCONFIG = {'a': [1, 2]}\nseen = []\n\n\ndef remember(x):\n    global CACHE\n    CACHE = x\n    seen.append(x)\n",
      "import json\nassert CACHE is None and isinstance(LIMIT, int)\nassert json.dumps(CONFIG) == '{\"a\": [1, 2]}'\nremember(5)\nassert CACHE == 5 and seen == [5]\n\n\ndef test_later():\n    remember(6)\n    assert CACHE == 6 and seen == [5, 6]",
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("gives the tests a builtin's name where the program binds it: a def, an import", () => {
    const run = runTests(
      "python",
      "from math import pow\n\n\ndef sum(values):\n    return 42\n",
      "assert pow(2, 3) == 8.0 and type(pow(2, 3)) is float\nassert sum([1]) == 42",
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("runs the tests' test_* coroutines, Test* classes and unittest.TestCase classes", () => {
    const tests = [
      "import unittest",
      "",
      "",
      "async def test_async():",
      "    assert add(1, 1) == 2",
      "",
      "",
      "class TestPlain:",
      "    def test_method(self):",
      "        assert add(2, 2) == 4",
      "",
      "",
      "class TestCaseAdd(unittest.TestCase):",
      "    def test_case(self):",
      "        self.assertEqual(add(2, 3), 5)",
      "",
      "",
      'if __name__ == "__main__":',
      "    unittest.main()",
    ].join("\n");
    const right = runTests("python", "def add(a, b):\n    return a + b\n", tests);
    expect(judged(right)).toBe(true);
    for (const wrong of ["return a - b if a == 2 else a + b", "return a + b if a == 2 else 0"]) {
      const run = runTests("python", `def add(a, b):\n    ${wrong}\n`, tests);
      expect(run.stderr).toMatch(/AssertionError|FAIL/);
      expect(judged(run)).toBe(false);
    }
  });

  it("gives the tests what the program prints under contextlib.redirect_stdout", () => {
    const tests =
      "import contextlib, io\nbuffer = io.StringIO()\nwith contextlib.redirect_stdout(buffer):\n    main()\nassert buffer.getvalue() == 'hello 5\\n', buffer.getvalue()";
    const right = runTests(
      "python",
      "def main():\n    print('hello', 5)\n\n\nif __name__ == '__main__':\n    main()\n",
      tests,
    );
    expect(right.stderr).toBe("");
    expect(judged(right)).toBe(true);
    expect(stripPassMarker(right.stdout, MARKER)).toBe(`hello 5\n${TESTS_PASSED_MARKER}\n`);
    expect(judged(runTests("python", "def main():\n    print('hello', 6)\n", tests))).toBe(false);
  });

  it("leaves a Test* class with a constructor alone, as pytest does (a dataclass of cases)", () => {
    const run = runTests(
      "python",
      "def add(a, b):\n    return a + b\n",
      "from dataclasses import dataclass\n\n\n@dataclass\nclass TestCase:\n    a: int\n    b: int\n    expected: int\n\n\nfor case in [TestCase(2, 3, 5)]:\n    assert add(case.a, case.b) == case.expected",
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("runs the program's coroutines, for asyncio.run and for await", () => {
    const run = runTests(
      "python",
      "import asyncio\n\n\nasync def double(x):\n    await asyncio.sleep(0.01)\n    return x * 2\n\n\nasync def fails():\n    raise ValueError('async no')\n",
      "import asyncio\nassert asyncio.run(double(2)) == 4\n\n\nasync def both():\n    return await double(3) + await double(4)\n\n\nassert asyncio.run(both()) == 14\ntry:\n    asyncio.run(fails())\n    raise AssertionError('no error')\nexcept ValueError as error:\n    assert str(error) == 'async no'",
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("gives back the lists, dicts, sets and bytearrays a function changed", () => {
    const run = runTests(
      "python",
      "def fill(items, table, seen, data, *, extra):\n    items.sort()\n    table['k'] = 1\n    seen.add(2)\n    data[0] = 122\n    extra.append(0)\n",
      "items, table, seen, data, extra = [3, 1], {}, {1}, bytearray(b'a'), []\nalias = items\nfill(items, table, seen, data, extra=extra)\nassert alias == [1, 3] and table == {'k': 1} and seen == {1, 2}\nassert data == bytearray(b'z') and extra == [0]",
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("sees the program's globals as they are now, and its classes through proxies", () => {
    const run = runTests(
      "python",
      "count = 0\n\n\ndef bump():\n    global count\n    count += 1\n\n\nclass Point:\n    def __init__(self, x):\n        self.x = x\n\n    def __eq__(self, other):\n        return isinstance(other, Point) and other.x == self.x\n",
      "bump()\nbump()\nassert count == 2\np = Point(1)\nassert isinstance(p, Point) and p.x == 1 and p == Point(1)\n\n\ndef test_point():\n    assert Point(2) != Point(3)",
    );
    expect(run.stderr).toBe("");
    expect(judged(run)).toBe(true);
  });

  it("fails a program that exits 0 before its tests ran, with the unfinished line last", () => {
    const run = runTests(
      "python",
      "import sys\n\n\ndef add(a, b):\n    return a - b\n\n\nsys.exit(0)\n",
      "assert add(2, 3) == 5",
    );
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(
      "codeforge: the program ended before its tests finished",
    );
  });
});

describe("buildTestProgram (the one file --out writes)", () => {
  const folder = mkdtempSync(join(tmpdir(), "codeforge-test-file-"));
  function runFile(command: string, name: string, source: string) {
    const file = join(folder, name);
    writeFileSync(file, source);
    try {
      return {
        status: 0,
        stdout: execFileSync(command, [file], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        }),
      };
    } catch (error) {
      return { status: (error as { status: number }).status, stdout: "" };
    } finally {
      rmSync(file);
    }
  }

  it("runs as it is with node: the code, then the tests in a block, then the passed line", () => {
    const ok = runFile(
      process.execPath,
      "ok.js",
      buildTestProgram(
        "node",
        `${ASSERT}function add(a, b) { return a + b; }\n`,
        `${ASSERT}assert.strictEqual(add(2, 3), 5);`,
      ),
    );
    expect(ok).toEqual({ status: 0, stdout: `${TESTS_PASSED_MARKER}\n` });
    const bad = runFile(
      process.execPath,
      "bad.js",
      buildTestProgram(
        "node",
        "function add(a, b) { return a - b; }\n",
        `${ASSERT}assert.strictEqual(add(2, 3), 5);`,
      ),
    );
    expect(bad.status).toBe(1);
  });

  it.skipIf(!python.available)(
    "runs as it is with python3, hoisting __future__ imports, test_* of the tests only",
    () => {
      const program = buildTestProgram(
        "python",
        "from __future__ import annotations\n\ndef test_dup(xs: list[int]) -> bool:\n    return len(xs) != len(set(xs))\n",
        "assert test_dup([1, 1])\n\ndef test_own():\n    assert not test_dup([1])",
      );
      expect(program.startsWith("from __future__ import annotations\n")).toBe(true);
      expect(runFile("python3", "ok.py", program)).toEqual({
        status: 0,
        stdout: `${TESTS_PASSED_MARKER}\n`,
      });
    },
  );
});
