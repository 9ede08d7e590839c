import { randomBytes } from "node:crypto";
import type { ExecutionResult, Language } from "../executor/index.js";

/** The line a test program prints when every test passed (for people; the pass marker decides). */
export const TESTS_PASSED_MARKER = "codeforge: tests passed";

/**
 * A fresh, unguessable pass marker for one run. It travels on the program's stdin, never
 * in its source, so neither the model nor the program it wrote can print it on purpose.
 */
export function createPassMarker(): string {
  return `codeforge-run-passed-${randomBytes(16).toString("hex")}`;
}

// One line each, so the program's own line numbers in a traceback are off by exactly one.
// Python: take the marker from the first stdin line, give the program an empty stdin, keep
// the marker only in a closure. Node: read stdin (the marker) before the program runs.
// On a terminal (a person running the written files) nothing is read, so nothing waits.
const PYTHON_PREAMBLE =
  "import os as _cf_os, sys as _cf_sys; _codeforge_report_passed = (lambda _m: (_cf_os.dup2(_cf_os.open(_cf_os.devnull, _cf_os.O_RDONLY), 0), setattr(_cf_sys, 'stdin', open(0, encoding='utf-8', closefd=False)), (lambda _os, _sys: lambda: (_sys.stdout.flush(), _os.write(1, ('\\n' + _m + '\\n').encode('ascii'))))(_cf_os, _cf_sys))[-1])('' if _cf_sys.stdin.isatty() else _cf_sys.stdin.readline().strip()); del _cf_os, _cf_sys";
const NODE_PREAMBLE =
  'const __codeforgeReportPassed = ((fs) => { let m = ""; try { if (!require("node:tty").isatty(0)) m = fs.readFileSync(0, "utf8").split("\\n")[0].trim(); } catch {} return () => fs.writeSync(1, "\\n" + m + "\\n"); })(require("node:fs"));';

const PYTHON_HARNESS = `
def _codeforge_run_test_functions() -> None:
    for _name, _value in list(globals().items()):
        if _name.startswith("test_") and callable(_value):
            _value()


_codeforge_run_test_functions()
print("${TESTS_PASSED_MARKER}")
_codeforge_report_passed()
`;

const FUTURE_IMPORT = /^from __future__ import [^\n]+$/gm;

/**
 * The program the sandbox runs: a one-line preamble that takes the pass marker from stdin,
 * the code (its main guard runs first, as a user would run it), the tests, any `test_*`
 * functions they define, a line saying they passed, and last the marker. A failing
 * assertion exits non-zero; an early exit (`sys.exit(0)`, `process.exit(0)`) skips the
 * marker. Run it with `stdin: passMarker + "\n"` and judge it with {@link testRunPassed}.
 * Python `from __future__` imports are hoisted above the preamble. JavaScript tests are
 * wrapped in a block so their `require`s cannot clash with the program's.
 */
export function buildTestProgram(language: Language, code: string, tests: string): string {
  if (language === "python") {
    const futures = code.match(FUTURE_IMPORT) ?? [];
    const body = futures.length ? code.replace(FUTURE_IMPORT, "") : code;
    const head = futures.length ? `${futures.join("\n")}\n` : "";
    return `${head}${PYTHON_PREAMBLE}\n${body.trimEnd()}\n\n\n# ---- tests ----\n${tests.trimEnd()}\n\n${PYTHON_HARNESS}`;
  }
  return `${NODE_PREAMBLE}\n${code.trimEnd()}\n\n// ---- tests ----\n{\n${tests.trimEnd()}\n}\nconsole.log("${TESTS_PASSED_MARKER}");\n__codeforgeReportPassed();\n`;
}

/** The stdin a test program built by {@link buildTestProgram} expects. */
export function testProgramStdin(passMarker: string): string {
  return `${passMarker}\n`;
}

/**
 * Whether a test run passed: exit 0, not killed, not blocked, and `passMarker` as the last
 * line of stdout, which the program prints only after every test ran.
 */
export function testRunPassed(result: ExecutionResult, passMarker: string): boolean {
  if (result.exitCode !== 0 || result.timedOut || result.oomKilled || result.blocked) return false;
  const lines = result.stdout.trimEnd().split("\n");
  return lines.at(-1)?.trim() === passMarker;
}

/** `stdout` without the pass marker's line (and the blank line the program adds before it). */
export function stripPassMarker(stdout: string, passMarker: string): string {
  if (!stdout.includes(passMarker)) return stdout;
  return stdout.split(`\n${passMarker}\n`).join("").split(passMarker).join("");
}
