import { createSnapshot, type WorkspaceFile } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { isDependencyFile, setupCacheKey } from "./setup-cache-key.js";

const file = (path: string, content: string | null): WorkspaceFile =>
  content === null
    ? { path, size: 100, content: null, skipped: "vendored" }
    : { path, size: content.length, content };

const FILES = [
  file("pyproject.toml", '[project]\nname = "textkit"\n'),
  file("requirements-dev.txt", "pytest\n"),
  file("package-lock.json", null),
  file("textkit/durations.py", "x = 1\n"),
];
const key = (files = FILES, command = "pip install -e .", baseImageId = "sha256:base") =>
  setupCacheKey({ snapshot: createSnapshot(files), command, baseImageId });

describe("setupCacheKey", () => {
  it("is the same for the same dependency files, command and base image, whatever else changed", () => {
    const changedSource = FILES.map((entry) =>
      entry.path === "textkit/durations.py" ? file(entry.path, "x = 2\n") : entry,
    );
    expect(key()).toMatch(/^[0-9a-f]{64}$/);
    expect(key(changedSource)).toBe(key());
    expect(key([...FILES].reverse())).toBe(key());
  });

  it("changes with a dependency file, the command or the base image", () => {
    const changedRequirements = FILES.map((entry) =>
      entry.path === "requirements-dev.txt" ? file(entry.path, "pytest\nhypothesis\n") : entry,
    );
    const keys = new Set([
      key(),
      key(changedRequirements),
      key([...FILES, file("requirements/base.txt", "attrs\n")]),
      key(FILES, "pip install -e .[dev]"),
      key(FILES, "pip install -e .", "sha256:other"),
      key(FILES.map((entry) => (entry.content === null ? { ...entry, size: 101 } : entry))),
    ]);
    expect(keys.size).toBe(6);
  });

  it("knows Python's and Node's dependency files, at any depth", () => {
    expect(
      [
        "requirements.txt",
        "requirements-dev.in",
        "requirements/test.txt",
        "setup.py",
        "setup.cfg",
        "pkg/pyproject.toml",
        "package.json",
        "packages/web/package-lock.json",
        "npm-shrinkwrap.json",
      ].filter((path) => !isDependencyFile(path)),
    ).toEqual([]);
    expect(
      ["src/setup_helpers.py", "README.md", "tests/test_requirements.py", "docs/package.md"].filter(
        isDependencyFile,
      ),
    ).toEqual([]);
  });

  it("changes with a lockfile's text, which setup reads while the agent never does", () => {
    const locked = (text: string) =>
      FILES.map((entry) =>
        entry.path === "package-lock.json" ? { ...entry, setupContent: text } : entry,
      );

    expect(key(locked('{"lockfileVersion": 3}'))).not.toBe(key(locked('{"lockfileVersion": 2}')));
  });
});
