import { execFileSync, spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readDirectorySnapshot } from "./read-directory-snapshot.js";
import { readTarballSnapshot } from "./read-tarball-snapshot.js";
import { copyFixture, fixtureFiles, githubTarball } from "./test-support/fixture-repositories.js";
import { snapshotFile } from "./workspace-snapshot.js";

describe("readTarballSnapshot", () => {
  it("strips GitHub's top-level folder and reads the same files a directory gives", async () => {
    const files = await fixtureFiles("node-package");
    const snapshot = await readTarballSnapshot(
      githubTarball({
        ...files,
        "node_modules/left-pad/index.js": "module.exports = 1;\n",
        "assets/icon.png": Buffer.from([0x89, 0x50, 0x4e, 0x47]),
        "notes.txt": Buffer.from([0x61, 0x00, 0x62]),
      }),
    );
    expect(snapshot.files.map((file) => file.path)).toEqual(
      [
        ...Object.keys(files),
        "assets/icon.png",
        "node_modules/left-pad/index.js",
        "notes.txt",
      ].sort(),
    );
    expect(snapshotFile(snapshot, "src/cart.js")?.content).toBe(files["src/cart.js"]);
    expect(snapshotFile(snapshot, "node_modules/left-pad/index.js")?.skipped).toBe("vendored");
    expect(snapshotFile(snapshot, "assets/icon.png")?.skipped).toBe("binary");
    expect(snapshotFile(snapshot, "notes.txt")?.skipped).toBe("binary");
  });

  it("reads what git archive writes (as GitHub's tarball API does: pax header, prefixed folder) as the work tree reads", async () => {
    const root = await copyFixture("python-package");
    try {
      const git = (...args: string[]) =>
        execFileSync("git", ["-C", root, ...args], { stdio: "pipe" })
          .toString()
          .trim();
      git("init", "-q");
      git("add", ".");
      git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", "base");
      const sha = git("rev-parse", "--short", "HEAD");
      const archive = spawn("git", [
        "-C",
        root,
        "archive",
        "--format=tar.gz",
        `--prefix=octo-textkit-${sha}/`,
        "HEAD",
      ]).stdout;
      const fromTarball = await readTarballSnapshot(archive);
      const fromFolder = await readDirectorySnapshot(root);
      expect(fromTarball.files.length).toBeGreaterThan(5);
      expect(fromTarball).toEqual(fromFolder);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("refuses an archive with entries outside one top-level folder", async () => {
    const archive = githubTarball({ "a.py": "x = 1\n", "/elsewhere/b.py": "y = 2\n" });
    await expect(readTarballSnapshot(archive)).rejects.toMatchObject({ code: "invalid_archive" });
  });

  it("refuses bytes that are not a gzip tarball", async () => {
    const { Readable } = await import("node:stream");
    await expect(
      readTarballSnapshot(Readable.from([Buffer.from("not a tarball")])),
    ).rejects.toThrow(/not a GitHub tarball/);
  });

  it("stops at the file limit with the limit's name", async () => {
    const archive = githubTarball({ "a.py": "1", "b.py": "2", "c.py": "3" });
    await expect(readTarballSnapshot(archive, { maxFiles: 2 })).rejects.toThrow(/maxFiles/);
  });
});
