import type { Language } from "../executor/index.js";

/** The line a test program prints when every test passed. */
export const TESTS_PASSED_MARKER = "codeforge: tests passed";

const PYTHON_HARNESS = `
def _codeforge_run_test_functions() -> None:
    for _name, _value in list(globals().items()):
        if _name.startswith("test_") and callable(_value):
            _value()


_codeforge_run_test_functions()
print("${TESTS_PASSED_MARKER}")
`;

/**
 * The program the sandbox runs: the code (its main guard runs first, as a user would run
 * it), then the tests, then any `test_*` functions they define, then a line saying they
 * passed. A failing assertion exits non-zero with its traceback on stderr. JavaScript tests
 * are wrapped in a block so their `require`s cannot clash with the program's.
 */
export function buildTestProgram(language: Language, code: string, tests: string): string {
  if (language === "python") {
    return `${code.trimEnd()}\n\n\n# ---- tests ----\n${tests.trimEnd()}\n\n${PYTHON_HARNESS}`;
  }
  return `${code.trimEnd()}\n\n// ---- tests ----\n{\n${tests.trimEnd()}\n}\nconsole.log("${TESTS_PASSED_MARKER}");\n`;
}
