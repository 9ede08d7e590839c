import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireService } from "@codeforge/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { resolveCodeforgeRevision } from "./bench-command-revision.js";

const gitAvailable = await requireService("git on the host", async () =>
  execFileSync("git", ["--version"]),
);

function git(directory: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-C", directory, "-c", "user.name=test", "-c", "user.email=test@example.com", ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  )
    .toString()
    .trim();
}

describe.skipIf(!gitAvailable.available)(`resolveCodeforgeRevision ${gitAvailable.reason}`, () => {
  let root: string;
  let nested: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "codeforge-revision-"));
    nested = join(root, "cli", "dist", "commands");
    await mkdir(nested, { recursive: true });
  });

  it("walks up from the code's folder to the checkout and reads HEAD and whether it is dirty", async () => {
    git(root, "init", "-q");
    await writeFile(join(root, "package.json"), "{}\n");
    git(root, "add", "package.json");
    git(root, "commit", "-q", "-m", "first");
    const head = git(root, "rev-parse", "HEAD");

    expect(resolveCodeforgeRevision(nested)).toEqual({ commit: head, dirty: false });

    // An untracked file does not change what the commit reproduces; an edit does.
    await writeFile(join(root, "notes.txt"), "scratch\n");
    expect(resolveCodeforgeRevision(nested)).toEqual({ commit: head, dirty: false });
    await writeFile(join(root, "package.json"), '{ "changed": true }\n');
    expect(resolveCodeforgeRevision(nested)).toEqual({ commit: head, dirty: true });
  });

  it("is null, without an error, outside a git checkout or in one without a commit", () => {
    expect(resolveCodeforgeRevision(nested)).toBeNull();
    git(root, "init", "-q");
    expect(resolveCodeforgeRevision(nested)).toBeNull();
  });

  it("is null for an npm install, even inside the user's own repository", async () => {
    git(root, "init", "-q");
    await writeFile(join(root, "app.js"), "\n");
    git(root, "add", "app.js");
    git(root, "commit", "-q", "-m", "user's project");
    const installed = join(root, "node_modules", "@codeforge", "cli", "dist");
    await mkdir(installed, { recursive: true });
    expect(resolveCodeforgeRevision(installed)).toBeNull();
  });

  const repository = fileURLToPath(new URL("../../..", import.meta.url));
  // A user's tarball install has no .git: the revision is then unknown (null).
  const inCheckout = existsSync(join(repository, ".git"));

  it.skipIf(!inCheckout)(
    "defaults to the checkout this module is in, whatever the working directory",
    () => {
      const revision = resolveCodeforgeRevision();
      expect(revision?.commit).toMatch(/^[0-9a-f]{40}$/);
      // Others may commit meanwhile: the commit must be one of this checkout's.
      expect(git(repository, "cat-file", "-t", revision?.commit ?? "")).toBe("commit");
    },
  );

  it.skipIf(inCheckout)("is unknown (null) when CodeForge runs from no git checkout", () => {
    expect(resolveCodeforgeRevision()).toBeNull();
  });
});
