import type { Executor, Language } from "../executor/index.js";

/** The verdict of a syntax check: `errors` name the file and line of each problem. */
export interface SyntaxCheckResult {
  valid: boolean;
  errors: string[];
  /** False when the check could not run to a verdict (the code is then treated as valid). */
  checked: boolean;
  /** Why the check reached no verdict, when `checked` is false. */
  reason?: string;
}

/** Checks sources for syntax errors before anything runs them. */
export interface SyntaxChecker {
  /** `sources` maps a file name (used in messages) to its text. */
  check(
    language: Language,
    sources: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<SyntaxCheckResult>;
}

const PYTHON_CHECK = `import ast, json, sys
errors = []
for name, source in json.load(sys.stdin).items():
    try:
        ast.parse(source, filename=name)
    except SyntaxError as error:
        errors.append(f"{name}, line {error.lineno}: {error.msg}")
print(json.dumps(errors))
`;

// Runs as CommonJS or ESM alike. Module syntax (import/export) cannot be compiled by
// vm.Script without flags, so such sources are left to the real run to judge.
const NODE_CHECK = `let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  import("node:vm").then((vm) => {
    const errors = [];
    for (const [name, source] of Object.entries(JSON.parse(input))) {
      try { new vm.Script(source, { filename: name }); }
      catch (error) {
        if (!/import statement|'export'|import\\.meta|await is only valid/.test(String(error.message))) {
          errors.push(name + ": " + error.message);
        }
      }
    }
    console.log(JSON.stringify(errors));
  });
});
`;

/**
 * A syntax checker that parses in the sandbox with the language's own parser
 * (`ast.parse` for Python, `vm.Script` for JavaScript). A Python parser in TypeScript
 * would be a large dependency that still disagrees with CPython at the edges; one short
 * sandbox run gives CPython's exact verdict and reuses the isolation we already have.
 * The code is only parsed, never executed.
 */
export function createSandboxSyntaxChecker(executor: Executor): SyntaxChecker {
  return {
    async check(language, sources, signal) {
      const result = await executor.run({
        language,
        code: language === "python" ? PYTHON_CHECK : NODE_CHECK,
        stdin: JSON.stringify(sources),
        timeoutMs: 15_000,
        ...(signal ? { signal } : {}),
      });
      const lastLine = result.stdout.trim().split("\n").at(-1) ?? "";
      const unchecked = (reason: string): SyntaxCheckResult => ({
        valid: true,
        errors: [],
        checked: false,
        reason,
      });
      if (result.timedOut) return unchecked("the syntax check timed out");
      if (result.blocked) return unchecked(result.blockReason ?? "the guard blocked the check");
      if (result.exitCode !== 0 || !lastLine.startsWith("[")) {
        const stderr = result.stderr.trim().slice(-300);
        return unchecked(
          `the syntax check exited ${result.exitCode}${stderr ? `: ${stderr}` : ""}`,
        );
      }
      try {
        const errors = JSON.parse(lastLine) as string[];
        return { valid: errors.length === 0, errors, checked: true };
      } catch {
        return unchecked(`the syntax check printed no verdict: ${lastLine.slice(0, 200)}`);
      }
    },
  };
}
