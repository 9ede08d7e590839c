import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/", import.meta.url));
const BUILT_AT = new Date("2026-11-24T12:00:00Z");
const before = new Date(BUILT_AT.getTime() - 60_000);
const after = new Date(BUILT_AT.getTime() + 60_000);

/** A checkout in a temporary folder: the real bin, a stand-in dist/main.js, and sources. */
function checkout(sources: Record<string, Date>, { withSrc = true } = {}): string {
  const root = mkdtempSync(join(tmpdir(), "codeforge-bin-"));
  const file = (path: string, text: string, time?: Date) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    if (time) utimesSync(join(root, path), time, time);
  };
  mkdirSync(join(root, "cli/bin"), { recursive: true });
  for (const name of ["codeforge.js", "stale-dist.js"]) {
    copyFileSync(join(BIN, name), join(root, "cli/bin", name));
  }
  file("cli/package.json", '{ "type": "module" }');
  file("cli/dist/main.js", 'process.stdout.write("ran\\n");', BUILT_AT);
  for (const name of ["cli", "core", "sandbox", "benchmarks"]) {
    file(`${name}/dist/.tsbuildinfo`, "{}", BUILT_AT);
    if (withSrc) file(`${name}/src/index.ts`, "export {};\n", before);
  }
  for (const [path, time] of Object.entries(sources)) file(path, "export {};\n", time);
  return root;
}

function run(root: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [join(root, "cli/bin/codeforge.js")], {
    encoding: "utf8",
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe("cli/bin/codeforge.js", () => {
  const roots: string[] = [];
  const make = (...args: Parameters<typeof checkout>) => {
    const root = checkout(...args);
    roots.push(root);
    return root;
  };
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("runs the build quietly when every source is older than it", () => {
    const result = run(make({}));

    expect(result).toEqual({ stdout: "ran\n", stderr: "", status: 0 });
  });

  it("warns in one line naming the packages edited since the build, then still runs", () => {
    const result = run(
      make({ "core/src/llm/router.ts": after, "sandbox/src/docker/run.ts": after }),
    );

    expect(result.stdout).toBe("ran\n");
    expect(result.stderr).toBe(
      "codeforge: warning: core/src, sandbox/src changed since the last build, so this runs old code: run npm run build\n",
    );
  });

  it("ignores tests and test support, which the build does not compile", () => {
    const result = run(
      make({
        "core/src/store/store.test.ts": after,
        "cli/src/test-support/capture-context.ts": after,
      }),
    );

    expect(result.stderr).toBe("");
  });

  it("only says to build when there is no build at all", () => {
    const root = make({ "core/src/store/open-store.ts": after });
    rmSync(join(root, "cli/dist/main.js"));

    const result = run(root);

    expect(result).toEqual({
      stdout: "",
      stderr: "codeforge: the CLI is not built yet: run `npm run build` first.\n",
      status: 2,
    });
  });

  it("says nothing outside a checkout, where the packages have no src folder", () => {
    const result = run(make({}, { withSrc: false }));

    expect(result).toEqual({ stdout: "ran\n", stderr: "", status: 0 });
  });
});
