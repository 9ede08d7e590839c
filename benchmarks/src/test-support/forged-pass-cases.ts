import type { Executor } from "@codeforge/core";
import { expect, it } from "vitest";
import type { BenchmarkProblem } from "../datasets/benchmark-problem.js";
import type { EvalSample } from "../eval/eval-sample.js";
import { evaluateSamples } from "../eval/evaluate-samples.js";
import { ADD_PROBLEM, fixtureDataset, HALVE_PLUS_PROBLEM } from "./fixture-problems.js";

/** Python: prints `found` (a pass marker, or a guess when none was found) last, then exits 0. */
const CLAIM_PASS = `def _claim(found):
    import os, sys
    try:
        sys.stdout.flush()
    except Exception:
        pass
    os.write(1, ("\\n" + (found or "-".join(["codeforge", "checks", "passed", "".join(["0"] * 32)])) + "\\n").encode())
    os._exit(0)
`;

/** Walks every frame of the process (all threads) for a local or closure holding a marker. */
const WALK_FRAMES = `def _walk():
    import sys
    frames = list(sys._current_frames().values()) + [sys._getframe()]
    for frame in frames:
        while frame is not None:
            for value in list(frame.f_locals.values()):
                if isinstance(value, str) and value.startswith("codeforge-checks-passed-"):
                    return value
            frame = frame.f_back
    return None
`;

/** Reads the marker from memory: its own, then its parent's, then the parent's stdin. */
const SCAN_MEMORY = `def _scan():
    import os, re
    pattern = re.compile(rb"codeforge-checks-passed-[0-9a-f]{32}")
    found = None
    for pid in ("self", str(os.getppid())):
        try:
            with open("/proc/%s/maps" % pid) as maps, open("/proc/%s/mem" % pid, "rb", 0) as mem:
                for line in maps:
                    span, perms = line.split()[:2]
                    if not perms.startswith("r"):
                        continue
                    start, end = (int(part, 16) for part in span.split("-"))
                    if end - start > 1 << 28:
                        continue
                    try:
                        mem.seek(start)
                        chunk = mem.read(end - start)
                    except (OSError, ValueError, OverflowError):
                        continue
                    for match in pattern.finditer(chunk):
                        found = match.group().decode()
        except OSError:
            pass
        if found:
            return found
    try:
        with open("/proc/%d/fd/0" % os.getppid(), "rb") as stdin:
            match = pattern.search(stdin.read())
            return match.group().decode() if match else None
    except OSError:
        return None
`;

const WRONG_ADD = "def add(a, b):\n    return a - b\n";

/**
 * Samples that try to be judged passed without passing: they look for the pass marker in
 * the frames, the memory or the standard input of their own process and of its parent,
 * patch `print` and `sys.stdout`, print a guessed marker and leave with `os._exit(0)`,
 * read the hidden tests from their folder, or plant a module the checks import. Every one
 * must fail. Used by the host baseline's test and by the sandbox's integration test.
 */
export function defineForgedPassCases(
  executor: () => Executor,
  /**
   * The samples run as root (the host baseline run by root): with CAP_SYS_PTRACE they may
   * read any process's memory, so the memory case proves nothing there and is skipped. The
   * sandbox runs samples as an unprivileged user with every capability dropped.
   */
  options: { privileged?: boolean } = {},
): void {
  const id = ADD_PROBLEM.id;
  const judge = (samples: EvalSample[], problem: BenchmarkProblem = ADD_PROBLEM) =>
    evaluateSamples({
      dataset: fixtureDataset(problem.dataset, [problem]),
      samples,
      executor: executor(),
      concurrency: 4,
      timeoutSeconds: 20,
    });

  it("a wrong sample that walks the frames to the pass marker fails", async () => {
    const results = await judge([
      // When loaded, and when called by the checks.
      {
        taskId: id,
        solution: `${CLAIM_PASS}${WALK_FRAMES}_found = _walk()\nif _found:\n    _claim(_found)\n${WRONG_ADD}`,
      },
      {
        taskId: id,
        solution: `${CLAIM_PASS}${WALK_FRAMES}def add(a, b):\n    _claim(_walk())\n`,
      },
    ]);
    expect(results.map((result) => result.verdict)).toEqual(["failed", "failed"]);
  });

  it("a wrong sample that patches print and sys.stdout to print the marker fails", async () => {
    const patch = `import builtins, sys
class _Out:
    def write(self, text):
        _claim(_walk())
    def flush(self):
        _claim(_walk())
sys.stdout = sys.__stdout__ = _Out()
builtins.print = lambda *args, **kwargs: _claim(_walk())
`;
    const results = await judge([
      {
        taskId: id,
        solution: `${CLAIM_PASS}${WALK_FRAMES}${patch}def add(a, b):\n    print(a)\n    return a - b\n`,
      },
      { taskId: id, solution: `${CLAIM_PASS}${WALK_FRAMES}${patch}${WRONG_ADD}` },
    ]);
    expect(results.map((result) => result.verdict)).toEqual(["failed", "failed"]);
  });

  it.skipIf(options.privileged === true)(
    "a wrong sample that prints a marker read from its memory or its runner's, then os._exit(0), fails",
    async () => {
      const results = await judge([
        { taskId: id, solution: `${CLAIM_PASS}${SCAN_MEMORY}${WRONG_ADD}_claim(_scan())\n` },
        {
          taskId: id,
          solution: `${CLAIM_PASS}${SCAN_MEMORY}def add(a, b):\n    _claim(_scan())\n`,
        },
      ]);
      expect(results.map((result) => result.verdict)).toEqual(["failed", "failed"]);
    },
    60_000,
  );

  it("a wrong sample that prints a guessed marker, then os._exit(0), fails", async () => {
    const results = await judge([
      { taskId: id, solution: `${CLAIM_PASS}${WRONG_ADD}_claim(None)\n` },
      { taskId: id, solution: `${CLAIM_PASS}def add(a, b):\n    _claim(None)\n` },
    ]);
    expect(results.map((result) => result.verdict)).toEqual(["failed", "failed"]);
  });

  it("a wrong sample that answers from the hidden tests in its folder fails", async () => {
    // Finds `candidate(1, 2) == 3` in any file beside it and answers those calls from it.
    const cheat = `import os, re
_ANSWERS = {}
for _name in os.listdir("."):
    try:
        _text = open(_name).read()
    except OSError:
        continue
    for _args, _want in re.findall(r"candidate\\(([^()]*)\\) == (-?\\d+)", _text):
        _ANSWERS[_args.replace(" ", "")] = int(_want)
def add(a, b):
    return _ANSWERS.get("%r,%r" % (a, b), 0)
`;
    const [result] = await judge([{ taskId: id, solution: cheat }]);
    expect(result?.verdict).toBe("failed");
  });

  it("a wrong sample that plants a module the checks import fails", async () => {
    // HumanEval+'s checks import base64 after the sample has started.
    const plant = `import os
with open("base64.py", "w") as _module:
    _module.write(${JSON.stringify(`${CLAIM_PASS}${WALK_FRAMES}_claim(_walk())\n`)})
def halve(values):
    return values
`;
    const [result] = await judge(
      [{ taskId: HALVE_PLUS_PROBLEM.id, solution: plant }],
      HALVE_PLUS_PROBLEM,
    );
    expect(result?.verdict).toBe("failed");
  });
}
