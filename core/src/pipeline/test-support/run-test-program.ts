/** Runs test runs built by `buildTestRun` with this machine's interpreters, as the sandbox would. */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { Language } from "../../executor/index.js";
import { requireService } from "../../testing/require-service.js";
import { buildTestRun, createPassMarker, testRunPassed } from "../test-program.js";

export const MARKER = createPassMarker();
const folder = mkdtempSync(join(tmpdir(), "codeforge-test-program-"));
chmodSync(folder, 0o755);
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let written = 0;

const ENTRY = { python: "main.py", node: "main.js" } as const;

/**
 * Runs `code` against `tests` as the sandbox does (`python3 main.py` or `node main.js` in a
 * folder of its own with the run's files, the marker in a file on stdin), with this
 * machine's interpreters: our own fixed programs, not model output.
 */
export function runTests(language: Language, code: string, tests: string) {
  const run = buildTestRun(language, code, tests, MARKER);
  const workdir = join(folder, `run-${written++}`);
  mkdirSync(workdir, { mode: 0o777 });
  chmodSync(workdir, 0o777);
  writeFileSync(join(workdir, ENTRY[language]), run.code, { mode: 0o644 });
  for (const [name, content] of Object.entries(run.files)) {
    writeFileSync(join(workdir, name), content, { mode: 0o666 });
  }
  // HOME and TMPDIR apart from the working folder, as in the sandbox (/tmp and /workspace).
  const home = join(folder, `home-${written}`);
  mkdirSync(home, { mode: 0o777 });
  chmodSync(home, 0o777);
  const stdin = join(folder, `stdin-${written}`);
  writeFileSync(stdin, run.stdin, { mode: 0o644 });
  const input = openSync(stdin, "r");
  // The sandbox runs programs as a user without privileges; root may read any process's
  // memory and descriptors, so as root the run goes as `nobody`, as it would there.
  // (A root-only install such as pyenv's is out of its reach: it runs the system's python3.)
  const asRoot = process.getuid?.() === 0;
  const interpreter =
    language === "node" ? process.execPath : asRoot ? "/usr/bin/python3" : "python3";
  const file = join(workdir, ENTRY[language]);
  const [program, ...args] = asRoot
    ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", interpreter, file]
    : [interpreter, file];
  try {
    return spawnSync(program as string, args, {
      cwd: workdir,
      encoding: "utf8",
      stdio: [input, "pipe", "pipe"],
      env: { PATH: process.env.PATH, HOME: home, TMPDIR: home },
      timeout: 60_000,
    });
  } finally {
    closeSync(input);
  }
}

export const python = await requireService("python3 on the host", async () =>
  execFileSync("python3", ["--version"]),
);

export function judged(run: ReturnType<typeof runTests>) {
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
