import { type Language, SandboxError } from "@codeforge/core";
import { PROGRAM_ENTRY, STDIN_FILE } from "./program-entry.js";

/**
 * Why `path` cannot name an extra file of a `language` program, or `undefined` when it
 * can. The rule every executor applies to `ExecutionSpec.files`: a relative path written
 * the one plain way — segments separated by `/`, none empty, `.` or `..`, no backslash or
 * NUL — that is neither the program's own file nor the sandbox's stdin file. Only one
 * spelling of each path is accepted, so two keys of one spec can never name the same file.
 */
export function extraFilePathProblem(path: string, language: Language): string | undefined {
  if (path.length === 0) return "is empty";
  if (path.includes("\0")) return "contains a NUL byte";
  if (path.includes("\\")) return "contains a backslash (separate directories with /)";
  if (path.startsWith("/")) return "is absolute";
  const segments = path.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    return "has an empty, `.` or `..` segment (write it as plain names separated by single /)";
  }
  if (path === PROGRAM_ENTRY[language].file || path === STDIN_FILE) {
    return "is reserved for the program itself";
  }
  return undefined;
}

/**
 * Throws a `SandboxError` (`invalid_request`) naming the first extra file whose path
 * breaks {@link extraFilePathProblem}'s rule.
 *
 * @example
 * checkExtraFiles("python", { "data/input.txt": "1 2" }); // fine
 * checkExtraFiles("python", { "./input.txt": "1 2" }); // throws: has a `.` segment
 */
export function checkExtraFiles(
  language: Language,
  files: Readonly<Record<string, string>> | undefined,
): void {
  for (const path of Object.keys(files ?? {})) {
    const problem = extraFilePathProblem(path, language);
    if (problem !== undefined) {
      throw new SandboxError(
        `Extra file "${path}" cannot be placed in the sandbox: its path ${problem}; use a relative path inside the working directory other than ${PROGRAM_ENTRY[language].file}`,
        { code: "invalid_request" },
      );
    }
  }
}
