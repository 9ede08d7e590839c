import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import { SnapshotBuilder } from "./snapshot-builder.js";
import type { SnapshotOptions } from "./snapshot-options.js";
import { WorkspaceError } from "./workspace-error.js";
import type { WorkspaceSnapshot } from "./workspace-snapshot.js";

/**
 * Reads a repository snapshot from a `.tar.gz` stream in the format of GitHub's tarball
 * API: every entry under one top-level folder (`owner-repo-sha/`), which is stripped. The
 * same files are listed but not read as for a directory (binary, vendored, oversized),
 * symbolic links are listed as such; skipped entries are drained, never held in memory.
 * An archive that is not of that form is a `WorkspaceError` (`invalid_archive`).
 *
 * @example
 * const response = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", …);
 * const snapshot = await readTarballSnapshot(Readable.fromWeb(response.body));
 */
export async function readTarballSnapshot(
  archive: Readable,
  options: Partial<SnapshotOptions> = {},
): Promise<WorkspaceSnapshot> {
  const builder = new SnapshotBuilder(options);
  const unpack = extract();
  let topFolder: string | undefined;
  const consume = (async () => {
    for await (const entry of unpack) {
      const { header } = entry;
      const name = header.name.replace(/^\.\//, "");
      // tar-stream passes pax headers on as entries of these types, beyond its typed union.
      const kind: string = header.type ?? "file";
      if (kind === "pax-global-header" || kind === "pax-header") {
        entry.resume();
        continue;
      }
      const slash = name.indexOf("/");
      const top = slash === -1 ? name : name.slice(0, slash);
      topFolder ??= top;
      if (top !== topFolder || (slash === -1 && kind !== "directory")) {
        entry.resume();
        throw invalid(`"${name}" is outside the single top-level folder "${topFolder}/"`);
      }
      const path = name.slice(slash + 1).replace(/\/$/, "");
      if (kind === "directory" || path === "") {
        entry.resume();
        continue;
      }
      if (path.split("/").some((segment) => segment === ".." || segment === "")) {
        entry.resume();
        throw invalid(`the entry "${name}" leaves its folder`);
      }
      if (kind === "symlink" || kind === "link") {
        entry.resume();
        builder.add(path, 0, undefined, true);
        continue;
      }
      if (kind !== "file" && kind !== "contiguous-file") {
        entry.resume();
        continue;
      }
      const size = header.size ?? 0;
      if (!builder.wantsContent(path, size)) {
        entry.resume();
        builder.add(path, size);
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      builder.add(path, size, Buffer.concat(chunks));
    }
  })();
  const piped = pipeline(archive, createGunzip(), unpack);
  // When reading stops early the pipeline fails too; that failure says nothing new.
  piped.catch(() => {});
  try {
    await Promise.all([piped, consume]);
  } catch (error) {
    unpack.destroy();
    archive.destroy();
    if (error instanceof WorkspaceError) throw error;
    throw invalid(error instanceof Error ? error.message : String(error), error);
  }
  return builder.build();
}

function invalid(reason: string, cause?: unknown): WorkspaceError {
  return new WorkspaceError(
    `The repository archive is not a GitHub tarball (.tar.gz with one top-level folder): ${reason}; download it from the tarball API`,
    { code: "invalid_archive", cause },
  );
}
