import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { TaskResult } from "@codeforge/core";

/** The files `--out` writes, by language. */
export const RESULT_FILE_NAMES = {
  python: { program: "solution.py", tests: "test_solution.py" },
  node: { program: "solution.js", tests: "solution.test.js" },
} as const;

/**
 * Writes the final program and its tests into `directory` (created when missing), the
 * tests importing the program so they run on their own: `python test_solution.py` or
 * `node solution.test.js`. Returns the paths written; nothing when there is no code.
 */
export async function writeResultFiles(directory: string, result: TaskResult): Promise<string[]> {
  if (result.finalCode === null) return [];
  const names = RESULT_FILE_NAMES[result.language];
  const target = resolve(directory);
  await mkdir(target, { recursive: true });
  const program = join(target, names.program);
  await writeFile(program, result.finalCode);
  const written = [program];
  if (result.finalTests?.trim()) {
    const tests = join(target, names.tests);
    const header =
      result.language === "python"
        ? "from solution import *  # noqa: F403\n\n"
        : 'const assert = require("node:assert");\nObject.assign(globalThis, require("./solution.js"));\n\n';
    await writeFile(tests, `${header}${result.finalTests.trimEnd()}\n`);
    written.push(tests);
  }
  return written;
}
