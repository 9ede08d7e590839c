import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyChanges } from "./apply-changes.js";
import { checkChangePath, createFileChangesSchema } from "./change-path.js";
import { diffSnapshots } from "./diff-changes.js";
import { FileChangesSchema } from "./file-change.js";
import { createSnapshot, snapshotFile } from "./workspace-snapshot.js";

const base = createSnapshot([
  { path: "pkg/util.py", size: 21, content: "def a():\n    return 1\n" },
  { path: "README.md", size: 8, content: "# Title\n" },
  { path: "logo.png", size: 4, content: null, skipped: "binary" },
]);

describe("checkChangePath", () => {
  it.each([
    ["src/app.py", "src/app.py"],
    ["./src//app.py", "src/app.py"],
    [".github/codeforge.yml", ".github/codeforge.yml"],
    [".gitignore", ".gitignore"],
  ])("accepts %s as %s", (path, normal) => {
    expect(checkChangePath(path)).toEqual({ ok: true, path: normal });
  });

  it.each([
    ["", /is empty/],
    ["/etc/passwd", /is absolute/],
    ["C:/x.py", /is absolute/],
    ["src/../../etc/passwd", /'\.\.'/],
    ["..", /'\.\.'/],
    [".git/config", /inside \.git\//],
    [".GIT/hooks/pre-commit", /inside \.git\//],
    [".github/workflows/ci.yml", /workflow file/],
    [".GitHub/Workflows/ci.yml", /workflow file/],
    ["src\\app.py", /backslash/],
    ["src/", /folder/],
  ])("refuses %s", (path, reason) => {
    const check = checkChangePath(path);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it("accepts workflow files when the operator allows them", () => {
    expect(checkChangePath(".github/workflows/ci.yml", { allowWorkflowChanges: true }).ok).toBe(
      true,
    );
  });
});

describe("the changes schemas", () => {
  it("parses the wire form, content null deleting", () => {
    const changes = FileChangesSchema.parse([
      { path: "a.py", content: "x = 1\n" },
      { path: "b.py", content: null },
    ]);
    expect(changes[1]?.content).toBeNull();
    expect(FileChangesSchema.safeParse([{ path: "a.py" }]).success).toBe(false);
  });

  it("reports every bad or repeated path as an issue at its index", () => {
    const result = createFileChangesSchema().safeParse([
      { path: "ok.py", content: "" },
      { path: "../x.py", content: "" },
      { path: "./ok.py", content: null },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      [1, "path"],
      [2, "path"],
    ]);
    expect(result.error?.issues[1]?.message).toMatch(/changed twice/);
  });
});

describe("applyChanges", () => {
  it("returns a new snapshot with files written, added and deleted, leaving the base alone", () => {
    const result = applyChanges(base, [
      { path: "pkg/util.py", content: "def a():\n    return 2\n" },
      { path: "tests/test_util.py", content: "from pkg.util import a\n" },
      { path: "README.md", content: null },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.snapshot.files.map((file) => file.path)).toEqual([
      "logo.png",
      "pkg/util.py",
      "tests/test_util.py",
    ]);
    expect(snapshotFile(result.snapshot, "pkg/util.py")?.content).toContain("return 2");
    expect(snapshotFile(base, "pkg/util.py")?.content).toContain("return 1");
    expect(snapshotFile(base, "README.md")).toBeDefined();
  });

  it("lists every problem instead of applying part of the changes", () => {
    const result = applyChanges(base, [
      { path: ".git/config", content: "" },
      { path: "missing.py", content: null },
      { path: "pkg", content: "x" },
      { path: "README.md/inner.md", content: "x" },
      { path: ".github/workflows/ci.yml", content: "on: push" },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(5);
    expect(result.problems.join("\n")).toMatch(
      /no such file[\s\S]*is a folder[\s\S]*is a file, not a folder/,
    );
  });

  it("refuses to write or delete through a symbolic link, the file itself or a folder above it", () => {
    const linked = createSnapshot([
      ...base.files,
      { path: "config.py", size: 11, content: null, skipped: "symlink" },
      { path: "vendor", size: 4, content: null, skipped: "symlink" },
    ]);

    const result = applyChanges(linked, [
      { path: "config.py", content: "KEY = 1\n" },
      { path: "vendor/lib.py", content: "x = 1\n" },
      { path: "config.py", content: null },
    ]);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.filter((problem) => problem.includes("symbolic link"))).toHaveLength(2);
  });
});

describe("diffSnapshots", () => {
  it("makes a unified diff that git applies to the base, with per-file stats", async () => {
    const result = applyChanges(base, [
      { path: "pkg/util.py", content: "def a():\n    return 2\n\n\ndef b():\n    return 3\n" },
      { path: "tests/test_util.py", content: "from pkg.util import a\n" },
      { path: "README.md", content: null },
    ]);
    if (!result.ok) throw new Error(result.problems.join("; "));
    const diff = diffSnapshots(base, result.snapshot);
    expect(diff.files).toEqual([
      { path: "README.md", status: "deleted", additions: 0, deletions: 1 },
      { path: "pkg/util.py", status: "modified", additions: 5, deletions: 1 },
      { path: "tests/test_util.py", status: "added", additions: 1, deletions: 0 },
    ]);
    expect(diff.additions).toBe(6);
    expect(diff.deletions).toBe(2);
    expect(diff.patch).toContain("--- /dev/null\n+++ b/tests/test_util.py\n@@ -0,0 +1 @@\n");

    const folder = await mkdtemp(join(tmpdir(), "codeforge-diff-"));
    try {
      for (const file of base.files) {
        if (file.content === null) continue;
        await mkdir(dirname(join(folder, file.path)), { recursive: true });
        await writeFile(join(folder, file.path), file.content);
      }
      await writeFile(join(folder, "change.patch"), diff.patch);
      execFileSync("git", ["apply", "change.patch"], { cwd: folder, stdio: "pipe" });
      expect(await readFile(join(folder, "pkg/util.py"), "utf8")).toContain("def b():");
      expect(await readFile(join(folder, "tests/test_util.py"), "utf8")).toBe(
        "from pkg.util import a\n",
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("is empty when nothing changed", () => {
    expect(diffSnapshots(base, base)).toEqual({ patch: "", files: [], additions: 0, deletions: 0 });
  });
});
