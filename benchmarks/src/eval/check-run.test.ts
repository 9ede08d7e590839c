import { execFileSync } from "node:child_process";
import { requireService } from "@codeforge/core/testing";
import { describe, expect, it } from "vitest";
import { buildCheckRun, CHECK_PROGRAM_FILE, createPassMarker, SAMPLE_FILE } from "./check-run.js";
import { createHostPythonExecutor } from "./host-python-executor.js";
import { judgeRun } from "./sample-verdict.js";

const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

describe("buildCheckRun", () => {
  it("puts the sample and the checks in two files and the marker only on stdin", () => {
    const marker = createPassMarker();
    const run = buildCheckRun({ sample: "x = 1\n", checks: "assert x == 1\n" }, marker);
    expect(run.files).toEqual({
      [SAMPLE_FILE]: "x = 1\n",
      [CHECK_PROGRAM_FILE]: "assert x == 1\n",
    });
    expect(run.stdin).toBe(`${marker}\n`);
    expect(run.code).not.toContain(marker);
    expect(marker).toMatch(/^codeforge-checks-passed-[0-9a-f]{32}$/);
  });

  // Trusted programs of our own on the unsandboxed host runner: the runner's data path.
  describe.skipIf(!python.available)(`run by python3 ${python.reason}`, () => {
    const executor = createHostPythonExecutor();
    async function check(sample: string, checks: string) {
      const passMarker = createPassMarker();
      const run = await executor.run({
        language: "python",
        ...buildCheckRun({ sample, checks }, passMarker),
        timeoutMs: 20_000,
      });
      return { run, judged: judgeRun(run, { timeoutSeconds: 20, passMarker }) };
    }

    it("brings plain results back by value, complex numbers and sets included", async () => {
      const { run, judged } = await check(
        "import cmath\ndef f(x):\n    return (cmath.rect(2, cmath.pi), {x}, frozenset([x]), bytearray(b'a'), [None, True, 1.5])\n",
        "out = f(3)\nassert type(out) is tuple and type(out[0]) is complex and out[0] == complex(-2, 2.4492935982947064e-16)\nassert out[1:] == ({3}, frozenset([3]), bytearray(b'a'), [None, True, 1.5])\n",
      );
      expect(run.stderr).toBe("");
      expect(judged.verdict).toBe("passed");
    });

    it("uses any other object through a proxy: iterators, the sample's classes and methods", async () => {
      const { run, judged } = await check(
        [
          "import collections",
          "class Stack:",
          "    def __init__(self):",
          "        self.items = []",
          "    def push(self, item):",
          "        self.items.append(item)",
          "        return self",
          "    def __len__(self):",
          "        return len(self.items)",
          "def evens(n):",
          "    return (i for i in range(n) if i % 2 == 0)",
          "def count(text):",
          "    return collections.Counter(text)",
          "",
        ].join("\n"),
        [
          "assert list(evens(7)) == [0, 2, 4, 6]",
          "stack = Stack().push(1).push(2)",
          "assert len(stack) == 2 and stack.items == [1, 2] and isinstance(stack, Stack)",
          "assert count('abca') == {'a': 2, 'b': 1, 'c': 1} and count('aa')['a'] == 2",
          "assert 'a' in count('abc') and sorted(count('ba')) == ['a', 'b']",
          "",
        ].join("\n"),
      );
      expect(run.stderr).toBe("");
      expect(judged.verdict).toBe("passed");
    });

    it("raises the sample's exceptions in the checks as the same built-in type", async () => {
      const { judged } = await check(
        "def f(key):\n    return {}[key]\n",
        "try:\n    f('x')\nexcept KeyError as error:\n    assert error.args == ('x',)\nelse:\n    raise AssertionError('no KeyError')\nf('boom')\n",
      );
      expect(judged.result).toBe("failed: KeyError: 'boom'");
      expect(judged.errorExcerpt).toContain("In the sample's process:");
      expect(judged.errorExcerpt).toMatch(/sample\.py", line 2, in f\n\s+return \{\}\[key\]/);
      expect(judged.errorExcerpt).toMatch(/checks\.py", line 7, in <module>\n\s+f\('boom'\)/);
    });

    it("lets the checks catch and read the sample's own exception classes", async () => {
      const { run, judged } = await check(
        [
          "class ConfigError(ValueError):",
          "    def __init__(self, message, line_number):",
          "        super().__init__(f'line {line_number}: {message}')",
          "        self.line_number = line_number",
          "class DuplicateKey(ConfigError):",
          "    pass",
          "def parse(text):",
          "    raise DuplicateKey('duplicate', 2)",
          "",
        ].join("\n"),
        [
          "try:",
          "    parse('a=1')",
          "    raise AssertionError('expected ConfigError')",
          "except ConfigError as error:",
          "    assert error.line_number == 2 and 'line 2' in str(error)",
          "    assert isinstance(error, ValueError) and isinstance(error, DuplicateKey)",
          "",
        ].join("\n"),
      );
      expect(run.stderr).toBe("");
      expect(judged.verdict).toBe("passed");
    });

    it("lets the sample call the checks' functions, whose effects and errors the checks see", async () => {
      const { run, judged } = await check(
        [
          "def retry(action, attempts, exceptions=(Exception,)):",
          "    for attempt in range(attempts):",
          "        try:",
          "            return action()",
          "        except exceptions:",
          "            if attempt == attempts - 1:",
          "                raise",
          "",
        ].join("\n"),
        [
          "calls = []",
          "def flaky():",
          "    calls.append(1)",
          "    if len(calls) < 3:",
          "        raise ConnectionError('down')",
          "    return 'ok'",
          "assert retry(flaky, 5) == 'ok' and len(calls) == 3",
          "try:",
          "    retry(lambda: {}['k'], 4, exceptions=(ConnectionError,))",
          "    raise AssertionError('expected KeyError')",
          "except KeyError as error:",
          "    assert error.args == ('k',)",
          "",
        ].join("\n"),
      );
      expect(run.stderr).toBe("");
      expect(judged.verdict).toBe("passed");
    });

    it("fails with the sample's own traceback when the sample does not load", async () => {
      const { run, judged } = await check("x = undefined_name\n", "assert True\n");
      expect(run.exitCode).toBe(1);
      expect(judged.result).toBe("failed: NameError: name 'undefined_name' is not defined");
    });
  });
});
