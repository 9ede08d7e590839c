import { randomBytes } from "node:crypto";
import type { ExecutionSpec } from "@codeforge/core";

/** The file a check run holds the check program in, beside the runner (`main.py`). */
export const CHECK_PROGRAM_FILE = "check_program.py";

/**
 * A fresh, unguessable pass marker for one check run. The runner prints it as the last
 * line of stdout only after the whole check program returned, so a sample that exits
 * early (`sys.exit(0)`, `os._exit(0)`, `raise SystemExit`) ends without it.
 */
export function createPassMarker(): string {
  return `codeforge-checks-passed-${randomBytes(16).toString("hex")}`;
}

/**
 * The program that runs the check program: it reads the marker from stdin, replaces
 * stdin with an empty one (so the sample cannot read the marker there, nor in any file:
 * it is never written to one), runs `check_program.py` as `__main__`, and prints the
 * marker on a line of its own only when that returned normally. An exception, any
 * `SystemExit` (also with status 0) or `os._exit` skips the print.
 */
const CHECK_RUNNER = `import builtins, os, sys, types


def _codeforge_check():
    marker = sys.stdin.readline().strip()
    empty = os.open(os.devnull, os.O_RDONLY)
    os.dup2(empty, 0)
    os.close(empty)
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", closefd=False)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "${CHECK_PROGRAM_FILE}")
    with open(path, "rb") as handle:
        code = compile(handle.read(), path, "exec", dont_inherit=True)
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    exec(code, module.__dict__)
    sys.stdout.flush()
    os.write(1, ("\\n" + marker + "\\n").encode("ascii"))


_codeforge_check()
`;

/** What an executor runs to judge one sample: the runner, the check program, the marker. */
export type CheckRun = Required<Pick<ExecutionSpec, "code" | "files" | "stdin">>;

/**
 * Wraps a check program (from `buildCheckProgram`) into a run whose stdout ends with
 * `passMarker` exactly when every check ran; judge it with `judgeRun(run, { passMarker })`.
 * The marker travels on stdin, not in any source, so the sample cannot read it in its own
 * file. A sample that inspects the interpreter's memory could still find it: the check
 * shares the sample's process, as in the reference harnesses.
 */
export function buildCheckRun(checkProgram: string, passMarker: string): CheckRun {
  return {
    code: CHECK_RUNNER,
    files: { [CHECK_PROGRAM_FILE]: checkProgram },
    stdin: `${passMarker}\n`,
  };
}
