import type { WorkspaceSnapshot } from "@codeforge/core";
import { pack } from "tar-stream";

/** A tar archive of a snapshot's files, and the files it could not carry. */
export interface RepositoryArchive {
  archive: Buffer;
  /** Files listed in the snapshot whose content was never read (binary, vendored, too large, links). */
  omitted: string[];
}

/**
 * Packs the text files of a snapshot, plus `extraFiles` (by relative path), into a tar
 * archive for the sandbox's bootstrap. Files the snapshot listed without reading them
 * cannot travel and are named in `omitted`.
 */
export async function createRepositoryArchive(
  snapshot: WorkspaceSnapshot,
  extraFiles: Readonly<Record<string, string>> = {},
): Promise<RepositoryArchive> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  const add = (name: string, content: string) =>
    new Promise<void>((resolve, reject) => {
      archive.entry({ name, mode: 0o644, mtime: new Date(0) }, content, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  const omitted: string[] = [];
  for (const file of snapshot.files) {
    if (file.content === null) omitted.push(file.path);
    else await add(file.path, file.content);
  }
  for (const [path, content] of Object.entries(extraFiles)) await add(path, content);
  archive.finalize();
  await collected;
  return { archive: Buffer.concat(chunks), omitted };
}
