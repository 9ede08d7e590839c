import { posix } from "node:path";
import { type Language, SandboxError } from "@codeforge/core";
import { pack } from "tar-stream";

/** The file each language's program is written to, and the command that runs it. */
export const PROGRAM_ENTRY: Readonly<
  Record<Language, { file: string; command: readonly string[] }>
> = {
  python: { file: "main.py", command: ["python3", "main.py"] },
  node: { file: "main.js", command: ["node", "main.js"] },
};

/** Where the bootstrap finds the program's standard input inside the archive. */
const STDIN_FILE = ".codeforge-stdin";

/** Exit status of the bootstrap when the archive could not be unpacked. */
export const UNPACK_FAILED_EXIT_CODE = 125;

/**
 * The shell bootstrap every one-shot container runs. It unpacks the archive that arrives
 * on stdin into the working directory (a tmpfs: the root filesystem is read-only, and
 * `putArchive` cannot write into a tmpfs or a read-only root), points the program's
 * stdin at the supplied input (or `/dev/null`, so `input()` sees EOF at once), deletes
 * that file and replaces itself with the program, which becomes pid 1: when it exits,
 * the kernel kills everything it left running. No user text is ever part of the script.
 */
const BOOTSTRAP = [
  `tar -x -o -m -f - || { echo "codeforge: could not unpack the program" >&2; exit ${UNPACK_FAILED_EXIT_CODE}; }`,
  `if [ -e ${STDIN_FILE} ]; then exec 0<${STDIN_FILE}; rm -f ${STDIN_FILE}; else exec 0</dev/null; fi`,
  'exec "$@"',
].join("\n");

/** The container command for a language: the bootstrap, then the program's command. */
export function programCommand(language: Language): string[] {
  return ["sh", "-c", BOOTSTRAP, "sandbox", ...PROGRAM_ENTRY[language].command];
}

/**
 * Packs the program, its extra files and its standard input into a tar archive for the
 * bootstrap. Extra file paths must be relative, stay inside the working directory and
 * not replace the program itself.
 */
export async function createProgramArchive(input: {
  language: Language;
  code: string;
  files?: Readonly<Record<string, string>>;
  stdin?: string;
}): Promise<Buffer> {
  const entryFile = PROGRAM_ENTRY[input.language].file;
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk);
  })();
  const add = (name: string, content: string) =>
    new Promise<void>((resolve, reject) => {
      archive.entry({ name, mode: 0o644, mtime: new Date() }, content, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  for (const [path, content] of Object.entries(input.files ?? {})) {
    await add(checkedPath(path, entryFile), content);
  }
  await add(entryFile, input.code);
  if (input.stdin !== undefined) await add(STDIN_FILE, input.stdin);
  archive.finalize();
  await collected;
  return Buffer.concat(chunks);
}

function checkedPath(path: string, entryFile: string): string {
  const normal = posix.normalize(path.replaceAll("\\", "/"));
  const invalid =
    path.length === 0 ||
    posix.isAbsolute(normal) ||
    normal === "." ||
    normal === ".." ||
    normal.startsWith("../") ||
    normal === entryFile ||
    normal === STDIN_FILE;
  if (invalid) {
    throw new SandboxError(
      `Extra file "${path}" cannot be placed in the sandbox: use a relative path inside the working directory other than ${entryFile}`,
      { code: "invalid_request" },
    );
  }
  return normal;
}
