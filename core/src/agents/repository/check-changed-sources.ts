import type { FileChange } from "../../workspace/index.js";
import type { SyntaxChecker } from "../syntax-checker.js";

/**
 * Syntax problems in the Python files a change writes, checked with the interpreter in the
 * sandbox before any test runs. (JavaScript is left to the test run: a repository's files
 * may be ES modules, CommonJS or TypeScript, and a wrong guess would refuse valid code.)
 */
export async function checkChangedSources(
  changes: readonly FileChange[],
  syntaxChecker: SyntaxChecker,
  signal?: AbortSignal,
): Promise<string[]> {
  const sources = Object.fromEntries(
    changes
      .filter((change) => change.content !== null && change.path.endsWith(".py"))
      .map((change) => [change.path, change.content as string]),
  );
  if (Object.keys(sources).length === 0) return [];
  const result = await syntaxChecker.check("python", sources, signal);
  return result.errors.map((error) => `syntax error in ${error}`);
}
