import { randomBytes } from "node:crypto";
import type { ExecutionResult, Language } from "../executor/index.js";

/** The line a test program prints when every test passed (for people; the pass marker decides). */
export const TESTS_PASSED_MARKER = "codeforge: tests passed";

/**
 * A fresh, unguessable pass marker for one run. It travels on the program's stdin, never
 * in its source, and only the supervising process reads it, after the program's process
 * has ended: the program's process never holds it (docs/pipeline.md says what code written
 * to cheat can still do).
 */
export function createPassMarker(): string {
  return `codeforge-run-passed-${randomBytes(16).toString("hex")}`;
}

/**
 * The environment variable that makes a test program run as the supervised child: a
 * handshake inside one program, not a setting (the leading underscore keeps it out of the
 * documented `CODEFORGE_*` settings).
 */
const CHILD_VARIABLE = "_CODEFORGE_TEST_CHILD";
/** What the child reports to its supervisor after its last test. */
const COMPLETED = "codeforge-tests-completed";
/** The supervisor's last line when the program exited 0 without reporting completion. */
export const TESTS_UNFINISHED_LINE = "codeforge: the program ended before its tests finished";

// One line each, so the program's own line numbers in a traceback are off by exactly one.
// The process the sandbox starts is a supervisor that runs none of the program: it starts
// the same file again as a child (Python: a new interpreter through posix_spawn, stdin
// /dev/null, the write end of a pipe on fd 3; Node: a worker thread) and waits for it to
// end. Only then does it read the marker from its stdin, and it prints it only when the
// child exited 0 after reporting that its last test ran; a child that exited 0 without
// that report gets TESTS_UNFINISHED_LINE after its output instead, so no marker the child
// printed itself can be the last line. Otherwise the supervisor ends as the child did. It
// uses nothing the static guard refuses (exec, __import__, os.fork, child_process, ...):
// the guard screens this program as a whole. Where it cannot run (no posix_spawn, no
// file, not the main module) the program runs as it is and prints no marker.
const PYTHON_PREAMBLE = `import os as _cf_os, sys as _cf_sys, select as _cf_select, signal as _cf_signal; _cf_os.environ.get("${CHILD_VARIABLE}") or not hasattr(_cf_os, "posix_spawn") or "__file__" not in globals() or (lambda os, sys, select, signal, path: (pipe := os.pipe(), sys.stdout.flush(), sys.stderr.flush(), pid := os.posix_spawn(sys.executable, [sys.executable, path, *sys.argv[1:]], {**os.environ, "${CHILD_VARIABLE}": "3"}, file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_DUP2, pipe[1], 3)]), os.close(pipe[1]), status := os.waitpid(pid, 0)[1], report := os.read(pipe[0], 64) if select.select([pipe[0]], [], [], 0)[0] else b"", code := os.waitstatus_to_exitcode(status), code == -signal.SIGINT and signal.signal(signal.SIGINT, signal.SIG_DFL), code < 0 and signal.raise_signal(-code), marker := sys.stdin.readline().strip() if code == 0 and report == b"${COMPLETED}\\n" and not sys.stdin.isatty() else "", os.write(1, ("\\n" + marker + "\\n").encode()) if marker else code == 0 and report != b"${COMPLETED}\\n" and os.write(1, b"\\n${TESTS_UNFINISHED_LINE}\\n"), os._exit(code if code >= 0 else 1)))(_cf_os, _cf_sys, _cf_select, _cf_signal, _cf_os.path.abspath(__file__)); del _cf_os, _cf_sys, _cf_select, _cf_signal`;
const NODE_PREAMBLE = `if (require("node:worker_threads").isMainThread && !process.env.${CHILD_VARIABLE} && require.main === module) { const cfFs = require("node:fs"); let cfDone = false; const cfWorker = new (require("node:worker_threads").Worker)(__filename, { argv: process.argv.slice(2), env: { ...process.env, ${CHILD_VARIABLE}: "1" }, execArgv: process.execArgv, stdin: false }); cfWorker.on("message", (m) => { if (m === "${COMPLETED}") cfDone = true; }); cfWorker.on("error", (e) => { process.stderr.write(\`\${e?.stack ?? e}\\n\`); }); cfWorker.on("exit", (code) => { let m = ""; if (code === 0 && cfDone && !require("node:tty").isatty(0)) m = cfFs.readFileSync(0, "utf8").split("\\n")[0].trim(); if (m) cfFs.writeSync(1, \`\\n\${m}\\n\`); else if (code === 0 && !cfDone) cfFs.writeSync(1, "\\n${TESTS_UNFINISHED_LINE}\\n"); process.exit(code); }); return; }`;

const NODE_REPORT = `if (process.env.${CHILD_VARIABLE}) require("node:worker_threads").parentPort?.postMessage("${COMPLETED}");`;

const PYTHON_REPORT = `import os as _codeforge_os

if _codeforge_os.environ.get("${CHILD_VARIABLE}"):
    _codeforge_os.write(int(_codeforge_os.environ["${CHILD_VARIABLE}"]), b"${COMPLETED}\\n")`;

const PYTHON_HARNESS = `
def _codeforge_run_test_functions() -> None:
    for _name, _value in list(globals().items()):
        # Only the tests' own test_* functions: the program may define one too (an MBPP
        # solution named test_duplicate), which is the code under test, not a test.
        if _name.startswith("test_") and callable(_value) and _name not in _codeforge_program_names:
            _value()


_codeforge_run_test_functions()
print("${TESTS_PASSED_MARKER}")
${PYTHON_REPORT}
`;

const FUTURE_IMPORT = /^from __future__ import [^\n]+$/gm;

/**
 * The program the sandbox runs: a one-line preamble that makes the process a supervisor
 * (it runs this same file again as a child, then prints the pass marker from its stdin only
 * if the child completed), the code (its main guard runs first, as a user would run it),
 * the tests, any `test_*` functions they define, a line saying they passed, and last the
 * child's completion report to its supervisor. A failing assertion exits non-zero; an early
 * exit (`sys.exit(0)`, `process.exit(0)`) skips the report, so no marker is printed. Run it
 * with `stdin: passMarker + "\n"` and judge it with {@link testRunPassed}.
 * Python `from __future__` imports are hoisted above the preamble. JavaScript tests are
 * wrapped in a block so their `require`s cannot clash with the program's.
 */
export function buildTestProgram(language: Language, code: string, tests: string): string {
  if (language === "python") {
    const futures = code.match(FUTURE_IMPORT) ?? [];
    const body = futures.length ? code.replace(FUTURE_IMPORT, "") : code;
    const head = futures.length ? `${futures.join("\n")}\n` : "";
    return `${head}${PYTHON_PREAMBLE}\n${body.trimEnd()}\n\n\n_codeforge_program_names = set(globals())  # ---- tests ----\n${tests.trimEnd()}\n\n${PYTHON_HARNESS}`;
  }
  return `${NODE_PREAMBLE}\n${code.trimEnd()}\n\n// ---- tests ----\n{\n${tests.trimEnd()}\n}\nconsole.log("${TESTS_PASSED_MARKER}");\n${NODE_REPORT}\n`;
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
