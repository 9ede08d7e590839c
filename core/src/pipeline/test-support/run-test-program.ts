/** Runs built test programs with this machine's interpreters, as the sandbox would. */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { requireService } from "../../testing/require-service.js";
import { createPassMarker, testProgramStdin, testRunPassed } from "../test-program.js";
export const MARKER = createPassMarker();
const folder = mkdtempSync(join(tmpdir(), "codeforge-test-program-"));
chmodSync(folder, 0o755);
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let written = 0;

/**
 * Runs a built test program as the sandbox pool does (`node main.js`, `python3 main.py`,
 * the marker in a file on stdin), with this machine's interpreters: our own fixed programs,
 * not model output.
 */
export function runFile(command: string, extension: string, code: string) {
  const file = join(folder, `program-${written}.${extension}`);
  const stdin = join(folder, `stdin-${written++}`);
  writeFileSync(file, code, { mode: 0o644 });
  writeFileSync(stdin, testProgramStdin(MARKER));
  const input = openSync(stdin, "r");
  // The sandbox runs programs as a user without privileges; root may read any process's
  // memory and descriptors, so as root the program runs as `nobody`, as it would there.
  // (A root-only install such as pyenv's is out of its reach: it runs the system's python3.)
  const asRoot = process.getuid?.() === 0;
  const interpreter = asRoot && command === "python3" ? "/usr/bin/python3" : command;
  const [program, ...args] = asRoot
    ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", interpreter, file]
    : [command, file];
  try {
    return spawnSync(program as string, args, { encoding: "utf8", stdio: [input, "pipe", "pipe"] });
  } finally {
    closeSync(input);
  }
}

export function runNode(code: string) {
  return runFile(process.execPath, "js", code);
}

export function runPython(code: string) {
  return runFile("python3", "py", code);
}

export const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

export function judged(run: ReturnType<typeof runNode>) {
  return testRunPassed(
    {
      exitCode: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      timedOut: false,
      oomKilled: false,
      durationMs: 1,
      truncated: false,
    },
    MARKER,
  );
}
