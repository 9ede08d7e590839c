import { constants } from "node:fs";
import { access, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { buildTestProgram, type TaskResult, TEST_RUN_FILES, UsageError } from "@codeforge/core";

/** The files `--out` writes (named as the sandbox's test run names them), and how to run the tests file. */
const RESULT_FILE_NAMES = {
  python: { ...TEST_RUN_FILES.python, run: "python3" },
  node: { ...TEST_RUN_FILES.node, run: "node" },
} as const;

/**
 * Writes the final program and its tests into `directory` (created when missing). The
 * tests file is the program and its tests as one file a person runs, built by the
 * pipeline's own `buildTestProgram`: the code and its tests in one scope, so the tests see
 * every name the program defines (private helpers and `const`s included, which an import
 * would miss) and nothing is declared twice. (The sandbox ran the same code and tests in two
 * processes, `buildTestRun`, so that the code could not fake their result.)
 * `python3 test_solution.py` or `node solution.test.js` runs it as is. Returns the paths
 * written; nothing when there is no code.
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
    const comment = result.language === "python" ? "#" : "//";
    // A comment may precede Python's `from __future__` imports, which the builder puts first.
    const header = [
      `${comment} The tests CodeForge ran, with ${names.program}'s code in one scope.`,
      `${comment} Run: ${names.run} ${names.tests}`,
    ].join("\n");
    const testProgram = buildTestProgram(result.language, result.finalCode, result.finalTests);
    await writeFile(tests, `${header}\n${testProgram}`);
    written.push(tests);
  }
  return written;
}

/**
 * Checks, before a run spends anything, that {@link writeResultFiles} will be able to write
 * into `directory`: it is a writable folder, or it does not exist yet and its nearest
 * existing parent is a writable folder. Throws a `UsageError` naming `flag` otherwise.
 */
export async function checkResultFilesTarget(directory: string, flag = "--out"): Promise<void> {
  let path = resolve(directory);
  for (;;) {
    const found = await stat(path).catch(() => undefined);
    if (found !== undefined) {
      if (!found.isDirectory()) {
        throw new UsageError(
          path === resolve(directory)
            ? `${flag} ${directory}: ${path} is a file, not a folder: name a folder to write the program into`
            : `${flag} ${directory}: ${path} is a file, so the folder cannot be made: choose another path`,
        );
      }
      try {
        await access(path, constants.W_OK);
      } catch {
        throw new UsageError(
          `${flag} ${directory}: ${path} is not writable: choose another folder`,
        );
      }
      return;
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}
