import type { Language } from "@codeforge/core";
import { pack } from "tar-stream";
import { checkExtraFiles } from "../spec/check-extra-files.js";
import { PROGRAM_ENTRY, STDIN_FILE } from "../spec/program-entry.js";
import { withOwnTimeLimit } from "./own-time-limit.js";

/** Exit status of the bootstrap when the archive could not be unpacked. */
export const UNPACK_FAILED_EXIT_CODE = 125;

/**
 * The shell bootstrap every one-shot container runs. It unpacks the archive that arrives
 * on stdin into the working directory (a tmpfs: the root filesystem is read-only, and
 * `putArchive` cannot write into a tmpfs or a read-only root), points the program's
 * stdin at the supplied input (or `/dev/null`, so `input()` sees EOF at once), deletes
 * that file and replaces itself with the program. The whole of it runs under
 * `timeout -s KILL` as pid 1 (see {@link programCommand}): when the program exits, pid 1
 * exits and the kernel kills everything it left running. No user text is ever part of
 * the script.
 */
const BOOTSTRAP = [
  `tar -x -o -m -f - || { echo "codeforge: could not unpack the program" >&2; exit ${UNPACK_FAILED_EXIT_CODE}; }`,
  `if [ -e ${STDIN_FILE} ]; then exec 0<${STDIN_FILE}; rm -f ${STDIN_FILE}; else exec 0</dev/null; fi`,
  'exec "$@"',
].join("\n");

/**
 * The container command for a language: coreutils' `timeout` kills the bootstrap and the
 * program with SIGKILL after `limitMs`, so the container stops at its limit by itself even
 * when the process that started it died (kill -9, a lost connection) and nobody is left
 * to kill it. The host kills at the run's own timeout first; this limit is the backstop.
 */
export function programCommand(language: Language, limitMs: number): string[] {
  return withOwnTimeLimit(
    ["sh", "-c", BOOTSTRAP, "sandbox", ...PROGRAM_ENTRY[language].command],
    limitMs,
  );
}

/**
 * Packs the program, its extra files and its standard input into a tar archive for the
 * bootstrap. Extra file paths follow `checkExtraFiles`, the rule every executor applies.
 */
export async function createProgramArchive(input: {
  language: Language;
  code: string;
  files?: Readonly<Record<string, string>>;
  stdin?: string;
}): Promise<Buffer> {
  checkExtraFiles(input.language, input.files);
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
    await add(path, content);
  }
  await add(entryFile, input.code);
  if (input.stdin !== undefined) await add(STDIN_FILE, input.stdin);
  archive.finalize();
  await collected;
  return Buffer.concat(chunks);
}
