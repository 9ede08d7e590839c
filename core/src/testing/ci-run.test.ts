import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CI_RUN = fileURLToPath(new URL("../../../.ci/run", import.meta.url));

let workspace: string | undefined;
afterEach(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

/**
 * A copy of `.ci/run` in a bare repository inside a temporary folder, whose `scripts/setup.sh`
 * only writes down that it ran (and with which dataset folder) and stops the script, so no real
 * set-up or test run starts.
 */
function bareRepository(options: { sharedDatasets: boolean }) {
  workspace = mkdtempSync(join(tmpdir(), "codeforge-ci-"));
  const repository = join(workspace, "repo");
  mkdirSync(join(repository, ".ci"), { recursive: true });
  mkdirSync(join(repository, "scripts"));
  copyFileSync(CI_RUN, join(repository, ".ci", "run"));
  const marker = join(workspace, "setup-ran");
  writeFileSync(
    join(repository, "scripts", "setup.sh"),
    `echo "$CODEFORGE_DATA_DIR" > '${marker}'\nexit 97\n`,
  );
  chmodSync(join(repository, ".ci", "run"), 0o755);
  if (options.sharedDatasets) mkdirSync(join(workspace, "shared", "datasets"), { recursive: true });
  const run = (env: Record<string, string> = {}) =>
    spawnSync("bash", [join(repository, ".ci", "run")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    });
  const setupSaw = () => {
    try {
      return readFileSync(marker, "utf8").trim();
    } catch {
      return undefined;
    }
  };
  return { workspace, run, setupSaw };
}

describe(".ci/run", () => {
  it("stops before the set-up when ../shared/datasets is missing, and says what to do", () => {
    const repository = bareRepository({ sharedDatasets: false });

    const result = repository.run();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(".ci/run: no dataset folder at ../shared/datasets");
    expect(result.stderr).toContain("or set CODEFORGE_DATA_DIR");
    expect(repository.setupSaw()).toBeUndefined();
  });

  it("stops when CODEFORGE_DATA_DIR names a folder that is not there", () => {
    const repository = bareRepository({ sharedDatasets: true });

    const result = repository.run({ CODEFORGE_DATA_DIR: "/nonexistent/codeforge-datasets" });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no dataset folder at /nonexistent/codeforge-datasets");
    expect(repository.setupSaw()).toBeUndefined();
  });

  it("goes on to the set-up with ../shared/datasets as an absolute CODEFORGE_DATA_DIR", () => {
    const repository = bareRepository({ sharedDatasets: true });

    const result = repository.run();

    expect(result.status).toBe(97);
    expect(repository.setupSaw()).toBe(join(repository.workspace, "shared", "datasets"));
  });
});
