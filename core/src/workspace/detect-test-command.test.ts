import { describe, expect, it } from "vitest";
import { detectTestCommand, runnerOf } from "./detect-test-command.js";
import { fixtureFiles } from "./test-support/fixture-repositories.js";
import { createSnapshot, type WorkspaceSnapshot } from "./workspace-snapshot.js";

function snapshotOf(files: Record<string, string>): WorkspaceSnapshot {
  return createSnapshot(
    Object.entries(files).map(([path, content]) => ({ path, size: content.length, content })),
  );
}

describe("detectTestCommand", () => {
  it("finds pytest in the Python fixture (pyproject.toml's [tool.pytest.ini_options])", async () => {
    expect(detectTestCommand(snapshotOf(await fixtureFiles("python-package")))).toEqual({
      runner: "pytest",
      command: "python3 -m pytest",
      language: "python",
      source: "detected",
    });
  });

  it("finds node --test in the Node fixture (a package.json without a test script)", async () => {
    expect(detectTestCommand(snapshotOf(await fixtureFiles("node-package")))).toMatchObject({
      runner: "node-test",
      command: "node --test",
      language: "node",
    });
  });

  it.each([
    [{ "pytest.ini": "[pytest]\n", "a.py": "" }, "pytest"],
    [{ "setup.cfg": "[metadata]\n[tool:pytest]\naddopts = -q\n" }, "pytest"],
    [{ "tox.ini": "[pytest]\n" }, "pytest"],
    [{ "pkg/conftest.py": "" }, "pytest"],
    [{ "tests/test_a.py": "" }, "pytest"],
    [{ "lib/a_test.py": "" }, "pytest"],
    [{ "package.json": '{"scripts":{"test":"vitest run"}}' }, "npm-test"],
    [
      { "package.json": '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}' },
      "node-test",
    ],
    [{ "package.json": "not json" }, "node-test"],
    [{ "src/a.test.mjs": "" }, "node-test"],
  ])("detects %j as %s", (files, runner) => {
    expect(detectTestCommand(snapshotOf(files))?.runner).toBe(runner);
  });

  it("prefers configured pytest over a package.json test script", () => {
    const snapshot = snapshotOf({
      "pyproject.toml": "[tool.pytest.ini_options]\n",
      "package.json": '{"scripts":{"test":"jest"}}',
    });
    expect(detectTestCommand(snapshot)?.runner).toBe("pytest");
  });

  it("is undefined when nothing says how tests run", () => {
    expect(
      detectTestCommand(snapshotOf({ "README.md": "# hi\n", "main.py": "print(1)\n" })),
    ).toBeUndefined();
    expect(
      detectTestCommand(snapshotOf({ "src/Contest.js": "", "src/9test.js": "" })),
    ).toBeUndefined();
  });

  it("takes the configured command over what it would detect", async () => {
    const snapshot = snapshotOf(await fixtureFiles("node-package"));
    expect(detectTestCommand(snapshot, "  npm run test -- --verbose ")).toEqual({
      runner: "npm-test",
      command: "npm run test -- --verbose",
      language: "node",
      source: "config",
    });
    expect(detectTestCommand(snapshotOf({ "a.py": "" }), "make check")).toMatchObject({
      runner: "custom",
      language: "python",
    });
  });
});

describe("runnerOf", () => {
  it.each([
    ["pytest -q tests", "pytest"],
    ["python -m pytest", "pytest"],
    ["python3 -m pytest -x", "pytest"],
    ["node --test", "node-test"],
    ["node --experimental-vm-modules --test test/", "node-test"],
    ["npm test", "npm-test"],
    ["npm t", "npm-test"],
    ["nodemon --test", "custom"],
    ["pytester", "custom"],
  ])("%s → %s", (command, runner) => {
    expect(runnerOf(command)).toBe(runner);
  });
});
