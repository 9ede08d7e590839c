import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";

/** The fixture repositories (`fixtures/repositories/<name>` at the root of the monorepo). */
export const FIXTURE_REPOSITORIES = fileURLToPath(
  new URL("../../../../fixtures/repositories/", import.meta.url),
);

/** The names of the fixture repositories. */
export type FixtureName = "python-package" | "node-package";

/** A fresh copy of a fixture repository in a temporary folder (no git). */
export async function copyFixture(name: FixtureName): Promise<string> {
  const target = await mkdtemp(join(tmpdir(), `codeforge-${name}-`));
  await cp(join(FIXTURE_REPOSITORIES, name), target, { recursive: true });
  return target;
}

/** The text files of a fixture repository, by relative path. */
export async function fixtureFiles(name: FixtureName): Promise<Record<string, string>> {
  const root = join(FIXTURE_REPOSITORIES, name);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    files[
      absolute
        .slice(root.length + 1)
        .split("\\")
        .join("/")
    ] = await readFile(absolute, "utf8");
  }
  return files;
}

/**
 * A `.tar.gz` stream shaped like GitHub's tarball API: every entry under `topFolder/`. A path
 * that starts with `/` is written as given (without the slash), outside that folder.
 */
export function githubTarball(
  files: Readonly<Record<string, string | Buffer>>,
  topFolder = "octo-repo-0123abc",
): Readable {
  const archive = pack();
  archive.entry({ name: `${topFolder}/`, type: "directory" });
  for (const [path, content] of Object.entries(files)) {
    archive.entry({ name: path.startsWith("/") ? path.slice(1) : `${topFolder}/${path}` }, content);
  }
  archive.finalize();
  return Readable.from(archive.pipe(createGzip()));
}
