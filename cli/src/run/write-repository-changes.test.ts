import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDirectorySnapshot } from "@codeforge/core";
import { requireCommand } from "@codeforge/core/testing";
import { describe, expect, it } from "vitest";
import { writeRepositoryChanges } from "./write-repository-changes.js";

const git = await requireCommand("git", ["--version"]);

async function repository(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "codeforge-write-"));
  await writeFile(join(directory, "app.py"), "x = 1\n");
  await writeFile(join(directory, "other.py"), "y = 1\n");
  const run = (...args: string[]) =>
    execFileSync("git", [
      "-C",
      directory,
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@example.com",
      ...args,
    ]);
  run("init", "-q");
  run("add", "-A");
  run("commit", "-q", "-m", "base");
  return directory;
}

describe.skipIf(!git.available)(`writing a repository task's changes ${git.reason}`, () => {
  it("refuses a file with uncommitted changes, writes nothing, and writes it with force", async () => {
    const directory = await repository();
    const base = await readDirectorySnapshot(directory);
    await writeFile(join(directory, "app.py"), "x = 2  # my own edit\n");
    const changes = [
      { path: "app.py", content: "x = 3\n" },
      { path: "new.py", content: "z = 1\n" },
    ];

    const refused = await writeRepositoryChanges(directory, base, changes, { force: false });
    const forced = await writeRepositoryChanges(directory, base, changes, { force: true });

    expect(refused).toEqual({ written: false, conflicts: ["app.py"] });
    expect(forced).toEqual({ written: true, paths: ["app.py", "new.py"] });
    expect(await readFile(join(directory, "app.py"), "utf8")).toBe("x = 3\n");
  });

  it("writes untouched files, and deletes with content null", async () => {
    const directory = await repository();
    const base = await readDirectorySnapshot(directory);

    const outcome = await writeRepositoryChanges(
      directory,
      base,
      [
        { path: "app.py", content: "x = 5\n" },
        { path: "other.py", content: null },
      ],
      { force: false },
    );

    expect(outcome).toEqual({ written: true, paths: ["app.py", "other.py"] });
    expect(execFileSync("git", ["-C", directory, "status", "--porcelain"]).toString()).toBe(
      " M app.py\n D other.py\n",
    );
  });

  it("never writes through a symbolic link, not even with force", async () => {
    const directory = await repository();
    const outside = await mkdtemp(join(tmpdir(), "codeforge-outside-"));
    await mkdir(join(outside, "lib"));
    await symlink(join(outside, "lib"), join(directory, "lib"));
    const base = await readDirectorySnapshot(directory);

    const outcome = await writeRepositoryChanges(
      directory,
      base,
      [{ path: "lib/evil.py", content: "x = 1\n" }],
      { force: true },
    );

    expect(outcome).toEqual({
      written: false,
      conflicts: ["lib/evil.py (lib is a symbolic link)"],
    });
    await expect(readFile(join(outside, "lib", "evil.py"), "utf8")).rejects.toThrow();
  });
});
