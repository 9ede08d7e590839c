import type { Language } from "@codeforge/core";

/** The file each language's program is written to, and the command that runs it. */
export const PROGRAM_ENTRY: Readonly<
  Record<Language, { file: string; command: readonly string[] }>
> = {
  python: { file: "main.py", command: ["python3", "main.py"] },
  node: { file: "main.js", command: ["node", "main.js"] },
};

/** Where the one-shot bootstrap finds the program's standard input inside its archive. */
export const STDIN_FILE = ".codeforge-stdin";
