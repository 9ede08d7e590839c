import type { HumanEvalPlusProblem } from "../datasets/benchmark-problem.js";

/** A Python string literal holding `text` (a JSON string literal is one). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Builds the HumanEval+ check program for one candidate: it runs the canonical solution
 * on every base and plus input to get the expected outputs, then the candidate on the
 * same inputs (each call gets its own deep copy), and compares as EvalPlus does: exact
 * equality, or `allclose` with `atol` (1e-6 for float outputs when the task's is 0), and
 * the root check for `find_zero`. The first mismatch is printed to stderr with exit 1.
 *
 * Expected outputs are computed in the same program, so one sandbox run judges a sample;
 * when a task has many samples, pass `expectedOutputs` (what the program of
 * {@link buildHumanEvalPlusExpectedProgram} printed) to compute them only once.
 */
export function buildHumanEvalPlusProgram(
  problem: HumanEvalPlusProblem,
  candidate: string,
  expectedOutputs?: string,
): string {
  return harness(problem, "check", candidate, expectedOutputs);
}

/**
 * Builds a program that prints the canonical solution's outputs on every input, pickled
 * and base64-encoded, for {@link buildHumanEvalPlusProgram}'s `expectedOutputs`.
 */
export function buildHumanEvalPlusExpectedProgram(problem: HumanEvalPlusProblem): string {
  return harness(problem, "expected", "", undefined);
}

function harness(
  problem: HumanEvalPlusProblem,
  mode: "check" | "expected",
  candidate: string,
  expectedOutputs: string | undefined,
): string {
  return `import base64, copy, json, os, pickle, sys, traceback

_LINE = json.loads(${pythonString(problem.sourceLine)})
_INPUTS = _LINE["base_input"] + _LINE["plus_input"]
_BASE_COUNT = ${problem.baseInput.length}
_ATOL = ${problem.atol}
_ENTRY = ${pythonString(problem.entryPoint)}
_CANONICAL = ${pythonString(problem.prompt + problem.canonicalSolution)}
_CANDIDATE = ${pythonString(candidate)}
_MODE = ${pythonString(mode)}
_EXPECTED = ${expectedOutputs === undefined ? "None" : pythonString(expectedOutputs.trim())}


def _load(source, name):
    scope = {"__name__": "__codeforge_" + name + "__"}
    exec(compile(source, "<" + name + ">", "exec"), scope)
    return scope[_ENTRY]


def _is_floats(value):
    if isinstance(value, float):
        return True
    if isinstance(value, (list, tuple)) and value:
        return all(isinstance(item, float) for item in value)
    return False


def _all_close(out, exp, atol):
    if isinstance(exp, (list, tuple)):
        if not isinstance(out, (list, tuple)) or len(out) != len(exp):
            return False
        return all(_all_close(o, e, atol) for o, e in zip(out, exp))
    try:
        return bool(abs(out - exp) <= atol + 1e-07 * abs(exp))
    except Exception:
        return False


def _poly(xs, x):
    return sum(coeff * x ** i for i, coeff in enumerate(xs))


def _matches(args, out, exp):
    if _ENTRY == "find_zero":
        return abs(_poly(*args, out)) <= _ATOL
    atol = 1e-6 if _ATOL == 0 and _is_floats(exp) else _ATOL
    try:
        exact = bool(out == exp)
    except Exception:
        exact = False
    if exact or atol == 0:
        return exact
    return type(out) == type(exp) and _all_close(out, exp, atol)


def _describe(index):
    kind = "base" if index < _BASE_COUNT else "plus"
    text = repr(_INPUTS[index])
    return kind + " input " + str(index) + " " + (text if len(text) <= 300 else text[:300] + "...")


def _main():
    real_stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")
    if _EXPECTED is None:
        canonical = _load(_CANONICAL, "canonical")
        expected = [canonical(*copy.deepcopy(args)) for args in _INPUTS]
    else:
        expected = pickle.loads(base64.b64decode(_EXPECTED))
    if _MODE == "expected":
        sys.stdout = real_stdout
        print(base64.b64encode(pickle.dumps(expected)).decode("ascii"))
        return 0
    try:
        candidate = _load(_CANDIDATE, "candidate")
    except BaseException:
        sys.stdout = real_stdout
        traceback.print_exc()
        return 1
    for index, args in enumerate(_INPUTS):
        try:
            out = candidate(*copy.deepcopy(args))
        except BaseException:
            sys.stdout = real_stdout
            print("raised on " + _describe(index), file=sys.stderr)
            traceback.print_exc()
            return 1
        if not _matches(args, out, expected[index]):
            got = repr(out)
            want = repr(expected[index])
            print(
                "AssertionError: wrong output on " + _describe(index)
                + ": got " + got[:200] + ", expected " + want[:200],
                file=sys.stderr,
            )
            return 1
    sys.stdout = real_stdout
    return 0


sys.exit(_main())
`;
}
