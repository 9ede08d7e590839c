import { randomBytes } from "node:crypto";
import { nodeCheckRunner } from "../check-runner/node-check-runner.js";
import { pythonCheckRunner } from "../check-runner/python-check-runner.js";
import type { ExecutionResult, ExecutionSpec, Language } from "../executor/index.js";

/** The line a test program prints when every test passed (for people; the pass marker decides). */
export const TESTS_PASSED_MARKER = "codeforge: tests passed";

/** The runner's last line when the program's process ended (status 0) before the tests finished. */
export const TESTS_UNFINISHED_LINE = "codeforge: the program ended before its tests finished";

/**
 * A fresh, unguessable pass marker for one run. It travels on the run's stdin, never in a
 * source, and only the runner's process reads it (docs/pipeline.md says what the program's
 * process can still see of it, and why that is not enough to pass).
 */
export function createPassMarker(): string {
  return `codeforge-run-passed-${randomBytes(16).toString("hex")}`;
}

/** The files of a test run beside the runner (`main.py`, `main.js`), named as `--out` names them. */
export const TEST_RUN_FILES = {
  python: { program: "solution.py", tests: "test_solution.py" },
  node: { program: "solution.js", tests: "solution.test.js" },
} as const satisfies Record<Language, { program: string; tests: string }>;

/** What the sandbox runs to test a program: the runner, the program and its tests, the marker. */
export type TestRun = Required<Pick<ExecutionSpec, "code" | "files" | "stdin" | "guardedSource">>;

/**
 * A test run of `code` against `tests`, judged with {@link testRunPassed}: the program and
 * its tests run in two processes (the check runners in `core/src/check-runner`). The
 * program's process runs the program as its main module (its main guard first, as a user
 * would run it) and then answers the runner's requests; the runner runs the tests, any
 * `test_*` functions they define (Python) and a line saying they passed, with the program's
 * names looked up in the program's process, and prints `passMarker` last only after the
 * tests returned. When the program's process ends first the run fails, with
 * {@link TESTS_UNFINISHED_LINE} last when it ended with status 0. The static guard screens
 * the program and the tests (`guardedSource`), not the runner.
 */
export function buildTestRun(
  language: Language,
  code: string,
  tests: string,
  passMarker: string,
): TestRun {
  const names = TEST_RUN_FILES[language];
  const runner =
    language === "python"
      ? pythonCheckRunner({
          sampleFile: names.program,
          checksFile: names.tests,
          testRun: { passedLine: TESTS_PASSED_MARKER, unfinishedLine: TESTS_UNFINISHED_LINE },
        })
      : nodeCheckRunner({
          programFile: names.program,
          testsFile: names.tests,
          unfinishedLine: TESTS_UNFINISHED_LINE,
        });
  // The Python runner itself calls the tests' test_* functions and prints the passed line.
  const checks =
    language === "python"
      ? `${tests.trimEnd()}\n`
      : `${tests.trimEnd()}\nconsole.log("${TESTS_PASSED_MARKER}");\n`;
  return {
    code: runner,
    files: { [names.program]: code, [names.tests]: checks },
    stdin: testProgramStdin(passMarker),
    guardedSource: `${code.trimEnd()}\n\n${tests.trimEnd()}\n`,
  };
}

const PYTHON_FILE_HARNESS = `
def _codeforge_run_test_functions() -> None:
    for _name, _value in list(globals().items()):
        # Only the tests' own test_* functions, not one the program defines.
        if _name.startswith("test_") and callable(_value) and _name not in _codeforge_program_names:
            _value()


_codeforge_run_test_functions()
print("${TESTS_PASSED_MARKER}")
`;

const FUTURE_IMPORT = /^from __future__ import [^\n]+$/gm;

/**
 * The program and its tests as one file a person runs (`--out` writes it): the code, the
 * tests in the same scope, any `test_*` functions they define, and a line saying they
 * passed. Python `from __future__` imports are hoisted to the top; JavaScript tests are
 * wrapped in a block so their `require`s cannot clash with the program's. The sandbox
 * does not run this file: it runs {@link buildTestRun}, which keeps the two apart.
 */
export function buildTestProgram(language: Language, code: string, tests: string): string {
  if (language === "python") {
    const futures = code.match(FUTURE_IMPORT) ?? [];
    const body = futures.length ? code.replace(FUTURE_IMPORT, "") : code;
    const head = futures.length ? `${futures.join("\n")}\n` : "";
    return `${head}${body.trimEnd()}\n\n\n_codeforge_program_names = set(globals())  # ---- tests ----\n${tests.trimEnd()}\n\n${PYTHON_FILE_HARNESS}`;
  }
  return `${code.trimEnd()}\n\n// ---- tests ----\n{\n${tests.trimEnd()}\n}\nconsole.log("${TESTS_PASSED_MARKER}");\n`;
}

/** The stdin a test run built by {@link buildTestRun} expects. */
export function testProgramStdin(passMarker: string): string {
  return `${passMarker}\n`;
}

/**
 * Whether a test run passed: exit 0, not killed, not blocked, and `passMarker` as the last
 * line of stdout, which the runner prints only after every test ran.
 */
export function testRunPassed(result: ExecutionResult, passMarker: string): boolean {
  if (result.exitCode !== 0 || result.timedOut || result.oomKilled || result.blocked) return false;
  return lastLine(result.stdout) === passMarker;
}

/** Whether the program's process ended with status 0 before the tests finished. */
export function testRunUnfinished(result: ExecutionResult): boolean {
  return lastLine(result.stdout) === TESTS_UNFINISHED_LINE;
}

function lastLine(stdout: string): string | undefined {
  return stdout.trimEnd().split("\n").at(-1)?.trim();
}

/** `stdout` without the pass marker's line (and the blank line the runner adds before it). */
export function stripPassMarker(stdout: string, passMarker: string): string {
  if (!stdout.includes(passMarker)) return stdout;
  return stdout.split(`\n${passMarker}\n`).join("").split(passMarker).join("");
}
