import type { HumanEvalPlusProblem } from "../datasets/benchmark-problem.js";

/** A Python string literal holding `text` (a JSON string literal is one). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Builds the HumanEval+ checks for one candidate (the checks part of `buildCheckParts`):
 * they run the canonical solution on every base and plus input to get the expected outputs,
 * then call the candidate (the entry point among the global names, which the check runner
 * binds to the sample's process) on the same inputs (each call gets its own deep copy), and
 * compare as EvalPlus does: exact equality, or `allclose` with `atol` (1e-6 for float
 * outputs when the task's is 0), and the root check for `find_zero`. The first mismatch is
 * printed to stderr with exit 1; the checks return normally only when every output matched.
 *
 * Expected outputs are computed in the same program, so one sandbox run judges a sample;
 * when a task has many samples, pass `expectedOutputs` (what the program of
 * {@link buildHumanEvalPlusExpectedProgram} printed) to compute them only once.
 */
export function buildHumanEvalPlusChecks(
  problem: HumanEvalPlusProblem,
  expectedOutputs?: string,
): string {
  return harness(problem, "check", expectedOutputs);
}

/**
 * The HumanEval+ check for one candidate as ONE program (the candidate, then the checks),
 * as EvalPlus runs it; evaluation runs the two parts apart (`buildCheckParts`).
 */
export function buildHumanEvalPlusProgram(
  problem: HumanEvalPlusProblem,
  candidate: string,
  expectedOutputs?: string,
): string {
  return `${candidate}\n${buildHumanEvalPlusChecks(problem, expectedOutputs)}`;
}

/**
 * Builds a program that prints the canonical solution's outputs on every input, pickled
 * and base64-encoded, for {@link buildHumanEvalPlusChecks}'s `expectedOutputs`.
 */
export function buildHumanEvalPlusExpectedProgram(problem: HumanEvalPlusProblem): string {
  return harness(problem, "expected", undefined);
}

function harness(
  problem: HumanEvalPlusProblem,
  mode: "check" | "expected",
  expectedOutputs: string | undefined,
): string {
  return `import base64, copy, json, os, pickle, sys, traceback

_LINE = json.loads(${pythonString(problem.sourceLine)})
_INPUTS = _LINE["base_input"] + _LINE["plus_input"]
_BASE_COUNT = ${problem.baseInput.length}
_ATOL = ${problem.atol}
_ENTRY = ${pythonString(problem.entryPoint)}
_CANONICAL = ${pythonString(problem.prompt + problem.canonicalSolution)}
_MODE = ${pythonString(mode)}
_EXPECTED = ${expectedOutputs === undefined ? "None" : pythonString(expectedOutputs.trim())}


def _load(source, name):
    scope = {"__name__": "__codeforge_" + name + "__"}
    exec(compile(source, "<" + name + ">", "exec"), scope)
    return scope[_ENTRY]


def _checker(
    entry,
    atol,
    abs=abs,
    all=all,
    bool=bool,
    enumerate=enumerate,
    float=float,
    isinstance=isinstance,
    len=len,
    list=list,
    sum=sum,
    tuple=tuple,
    type=type,
    zip=zip,
    Exception=Exception,
):
    """The output comparison, as closures over their own constants and builtins: rebinding
    module globals or builtins later (__main__._matches = ..., builtins.bool = ...) cannot
    change how it is judged. (In evaluation the candidate runs in another process anyway.)"""

    def is_floats(value):
        if isinstance(value, float):
            return True
        if isinstance(value, (list, tuple)) and value:
            return all(isinstance(item, float) for item in value)
        return False

    def all_close(out, exp, tolerance):
        if isinstance(exp, (list, tuple)):
            if not isinstance(out, (list, tuple)) or len(out) != len(exp):
                return False
            return all(all_close(o, e, tolerance) for o, e in zip(out, exp))
        try:
            return bool(abs(out - exp) <= tolerance + 1e-07 * abs(exp))
        except Exception:
            return False

    def poly(xs, x):
        return sum(coeff * x ** i for i, coeff in enumerate(xs))

    def matches(args, out, exp):
        if entry == "find_zero":
            return abs(poly(*args, out)) <= atol
        tolerance = 1e-6 if atol == 0 and is_floats(exp) else atol
        try:
            exact = bool(out == exp)
        except Exception:
            exact = False
        if exact or tolerance == 0:
            return exact
        return type(out) == type(exp) and all_close(out, exp, tolerance)

    return matches


def _describe(index):
    kind = "base" if index < _BASE_COUNT else "plus"
    text = repr(_INPUTS[index])
    return kind + " input " + str(index) + " " + (text if len(text) <= 300 else text[:300] + "...")


# Everything the check uses is bound here, as defaults, when this function is defined. A
# failed check leaves through os._exit(1), which no hook can intercept; returning normally
# means every input matched.
def _main(
    matches=_checker(_ENTRY, _ATOL),
    load=_load,
    describe=_describe,
    deepcopy=copy.deepcopy,
    print_exc=traceback.print_exc,
    stdout=sys.stdout,
    stderr=sys.stderr,
    exit_now=os._exit,
    enumerate=enumerate,
    repr=repr,
    BaseException=BaseException,
    inputs=_INPUTS,
    mode=_MODE,
    scope=globals(),
):
    def fail(message):
        if message:
            stderr.write(message + "\\n")
        stderr.flush()
        exit_now(1)

    sys.stdout = open(os.devnull, "w")
    if _EXPECTED is None:
        canonical = load(_CANONICAL, "canonical")
        expected = [canonical(*deepcopy(args)) for args in inputs]
    else:
        expected = pickle.loads(base64.b64decode(_EXPECTED))
    if mode == "expected":
        sys.stdout = stdout
        print(base64.b64encode(pickle.dumps(expected)).decode("ascii"))
        return
    candidate = scope.get(_ENTRY)
    if candidate is None:
        fail("NameError: name " + repr(_ENTRY) + " is not defined")
    for index, args in enumerate(inputs):
        try:
            out = candidate(*deepcopy(args))
        except BaseException:
            stderr.write("raised on " + describe(index) + "\\n")
            print_exc(file=stderr)
            fail("")
        if not matches(args, out, expected[index]):
            got = repr(out)
            want = repr(expected[index])
            fail(
                "AssertionError: wrong output on " + describe(index)
                + ": got " + got[:200] + ", expected " + want[:200]
            )
    sys.stdout = stdout


_main()
`;
}
