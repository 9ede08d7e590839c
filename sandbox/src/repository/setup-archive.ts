import { posix } from "node:path";
import type { WorkspaceSnapshot } from "@codeforge/core";
import { pack } from "tar-stream";
import { SANDBOX_USER, SANDBOX_WORKDIR } from "../docker/container-options.js";
import { SETUP_FOLDERS } from "./setup-bootstrap.js";

/**
 * A tar archive, to unpack at `/` of a setup container, holding the setup folders and the
 * snapshot's text files under the working directory, every entry (folders included)
 * owned by the sandbox user, so the non-root setup can write next to the files (an
 * `*.egg-info`, `node_modules`). Lockfiles come too (their text is read for setup alone);
 * other files the snapshot did not read stay out, as in test runs.
 */
export async function createSetupArchive(snapshot: WorkspaceSnapshot): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  const owner = { uid: SANDBOX_USER.uid, gid: SANDBOX_USER.gid, mtime: new Date(0) };
  const add = (header: Parameters<typeof archive.entry>[0], content?: string) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (content === undefined) archive.entry(header, done);
      else archive.entry(header, content, done);
    });
  const root = SANDBOX_WORKDIR.replace(/^\//, "");
  // The text files, and the lockfiles read for setup alone (`npm ci` installs from them).
  const files = snapshot.files.filter(
    (file) => file.content !== null || file.setupContent !== undefined,
  );
  const folders = new Set<string>(SETUP_FOLDERS.map((folder) => folder.replace(/^\//, "")));
  for (const file of files) {
    for (let folder = posix.dirname(file.path); folder !== "."; folder = posix.dirname(folder)) {
      folders.add(`${root}/${folder}`);
    }
  }
  for (const folder of [...folders].sort()) {
    await add({ ...owner, name: `${folder}/`, type: "directory", mode: 0o755 });
  }
  for (const file of files) {
    await add(
      { ...owner, name: `${root}/${file.path}`, mode: 0o644 },
      file.content ?? file.setupContent ?? "",
    );
  }
  archive.finalize();
  await collected;
  return Buffer.concat(chunks);
}
