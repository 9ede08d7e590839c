import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSnapshot } from "@codeforge/core";
import { afterEach, describe, expect, it } from "vitest";
import { createRepositoryArchive } from "./repository-archive.js";
import {
  REPORT_FILES,
  REPORTER_UPLOAD_NAME,
  reportEnvironment,
  repositoryCommand,
} from "./repository-bootstrap.js";
import { setupCommand } from "./setup-bootstrap.js";

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(
    folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
});

/** Runs the bootstrap with the local sh, as the container would, until it records the status. */
async function bootstrap(archive: Buffer, testCommand: (report: string) => string) {
  const workdir = await mkdtemp(join(tmpdir(), "codeforge-bootstrap-"));
  const report = await mkdtemp(join(tmpdir(), "codeforge-report-"));
  folders.push(workdir, report);
  const [shell, ...args] = repositoryCommand(report, testCommand(report), 60_000);
  const child = spawn(shell as string, args, { cwd: workdir, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stdin.end(archive);
  const statusFile = join(report, REPORT_FILES.exitCode);
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await stat(statusFile).catch(() => undefined)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { workdir, report, stdout, status: (await readFile(statusFile, "utf8")).trim() };
  } finally {
    child.kill("SIGKILL");
  }
}

describe("the repository bootstrap", () => {
  it("unpacks the files, moves the reporter out of the repository and records the command's status", async () => {
    const snapshot = createSnapshot([
      { path: "src/app.py", size: 6, content: "x = 1\n" },
      { path: "logo.png", size: 4, content: null, skipped: "binary" },
    ]);
    const { archive, omitted } = await createRepositoryArchive(snapshot, {
      [REPORTER_UPLOAD_NAME]: "export default 1;\n",
    });
    expect(omitted).toEqual(["logo.png"]);

    const run = await bootstrap(archive, () => "cat src/app.py; ls -A; exit 3");
    expect(run.status).toBe("3");
    expect(run.stdout).toBe("x = 1\nsrc\n");
    expect(await readFile(join(run.report, REPORT_FILES.nodeReporter), "utf8")).toBe(
      "export default 1;\n",
    );
  });

  it("records the status even when the tests removed the report folder", async () => {
    const { archive } = await createRepositoryArchive(createSnapshot([]));
    const run = await bootstrap(archive, (report) => `rm -rf '${report}'; true`);
    expect(run.status).toBe("0");
  });

  it("sets the report options of pytest and node --test to files in the report folder", () => {
    const environment = reportEnvironment("/tmp/codeforge-report-abc");
    expect(environment).toContain(
      "PYTEST_ADDOPTS=-p no:cacheprovider -o junit_family=xunit1 --junitxml=/tmp/codeforge-report-abc/junit.xml",
    );
    expect(environment.find((entry) => entry.startsWith("NODE_OPTIONS="))).toBe(
      "NODE_OPTIONS=--test-reporter=/tmp/codeforge-report-abc/reporter.mjs --test-reporter-destination=/tmp/codeforge-report-abc/node-events.jsonl --test-reporter=spec --test-reporter-destination=stdout",
    );
  });
});

describe("the repository and setup containers' own time limit", () => {
  /** Runs a container command with the local sh and coreutils, as pid 1 would in the container. */
  async function exitOf(command: string[]): Promise<{ signal: NodeJS.Signals | null; ms: number }> {
    const workdir = await mkdtemp(join(tmpdir(), "codeforge-limit-"));
    folders.push(workdir);
    const started = Date.now();
    const [program, ...args] = command;
    const child = spawn(program as string, args, {
      cwd: workdir,
      stdio: ["pipe", "ignore", "ignore"],
    });
    child.stdin.end(
      await createRepositoryArchive(createSnapshot([]), {}).then((made) => made.archive),
    );
    const [, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    return { signal, ms: Date.now() - started };
  }

  it("kills a repository run that never ends at its limit, whoever is watching", async () => {
    const report = await mkdtemp(join(tmpdir(), "codeforge-report-"));
    folders.push(report);

    const ended = await exitOf(repositoryCommand(report, "sleep 30", 1_000));

    expect(ended.signal).toBe("SIGKILL");
    expect(ended.ms).toBeLessThan(10_000);
  });

  it("kills a setup that never ends at its limit", async () => {
    const ended = await exitOf(setupCommand("sleep 30", 1_000));

    expect(ended.signal).toBe("SIGKILL");
    expect(ended.ms).toBeLessThan(10_000);
  });
});
