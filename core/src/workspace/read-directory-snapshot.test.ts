import { execFileSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readDirectorySnapshot } from "./read-directory-snapshot.js";
import { copyFixture } from "./test-support/fixture-repositories.js";
import { WorkspaceError } from "./workspace-error.js";
import { snapshotFile } from "./workspace-snapshot.js";

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(
    folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
});

async function fixtureWithExtras(): Promise<string> {
  const root = await copyFixture("python-package");
  folders.push(root);
  await mkdir(join(root, "build"), { recursive: true });
  await writeFile(join(root, "build", "generated.py"), "x = 1\n");
  await mkdir(join(root, ".venv", "lib"), { recursive: true });
  await writeFile(join(root, ".venv", "lib", "site.py"), "y = 2\n");
  await mkdir(join(root, "docs", "drafts"), { recursive: true });
  await writeFile(join(root, "docs", ".gitignore"), "drafts/\n");
  await writeFile(join(root, "docs", "drafts", "wip.md"), "secret plan\n");
  await writeFile(join(root, "docs", "guide.md"), "# Guide\n");
  await writeFile(join(root, "logo.bin"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
  await writeFile(join(root, "big.txt"), "a".repeat(2_000));
  await writeFile(join(root, "poetry.lock"), "[[package]]\n");
  return root;
}

describe("readDirectorySnapshot", () => {
  it("walks a folder that is no git work tree, respecting .gitignore files at every level", async () => {
    const root = await fixtureWithExtras();
    const snapshot = await readDirectorySnapshot(root, { maxFileBytes: 1_000, git: "no-such-git" });
    const paths = snapshot.files.map((file) => file.path);
    expect(paths).toContain("textkit/slug.py");
    expect(paths).toContain("docs/guide.md");
    expect(paths).not.toContain("build/generated.py");
    expect(paths).not.toContain("docs/drafts/wip.md");
    expect(paths.some((path) => path.startsWith(".venv/"))).toBe(false);
    expect(paths).toEqual([...paths].sort());
    expect(snapshotFile(snapshot, "textkit/slug.py")?.content).toContain("def slugify(");
    expect(snapshotFile(snapshot, "logo.bin")).toMatchObject({ content: null, skipped: "binary" });
    expect(snapshotFile(snapshot, "big.txt")).toMatchObject({
      content: null,
      skipped: "too_large",
      size: 2_000,
    });
    expect(snapshotFile(snapshot, "poetry.lock")).toMatchObject({
      content: null,
      skipped: "vendored",
      // Never shown to the agent; read for the repository's setup step alone.
      setupContent: "[[package]]\n",
    });
  });

  it("lists only git-tracked files in a git work tree", async () => {
    const root = await fixtureWithExtras();
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", root, ...args], { stdio: "pipe" });
    git("init", "-q");
    git("add", "textkit", "tests", "pyproject.toml");
    await writeFile(join(root, "untracked.py"), "z = 3\n");
    await mkdir(join(root, "vendor"), { recursive: true });
    await writeFile(join(root, "vendor", "lib.py"), "v = 1\n");
    git("add", "vendor/lib.py");

    const snapshot = await readDirectorySnapshot(root);
    const paths = snapshot.files.map((file) => file.path);
    expect(paths).toContain("textkit/durations.py");
    expect(paths).toContain("pyproject.toml");
    expect(paths).not.toContain("untracked.py");
    expect(paths).not.toContain("README.md");
    expect(snapshotFile(snapshot, "vendor/lib.py")).toMatchObject({
      content: null,
      skipped: "vendored",
    });
  });

  it("refuses a repository over its file or byte limits, naming the limit", async () => {
    const root = await fixtureWithExtras();
    const tooMany = readDirectorySnapshot(root, { maxFiles: 3, git: "no-such-git" });
    await expect(tooMany).rejects.toBeInstanceOf(WorkspaceError);
    await expect(tooMany).rejects.toMatchObject({ code: "too_many_files" });
    await expect(tooMany).rejects.toThrow(/more than 3 files: raise the snapshot's maxFiles/);
    const tooBig = readDirectorySnapshot(root, { maxTotalBytes: 500, git: "no-such-git" });
    await expect(tooBig).rejects.toMatchObject({ code: "too_many_bytes" });
  });

  it("says which folder it cannot read", async () => {
    await expect(readDirectorySnapshot("/no/such/folder", { git: "no-such-git" })).rejects.toThrow(
      /Cannot read .*no\/such\/folder/,
    );
  });
});
