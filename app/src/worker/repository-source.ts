import { Readable } from "node:stream";
import {
  applyRepositoryConfig,
  type Config,
  ConfigError,
  readTarballSnapshot,
  type WorkspaceSnapshot,
} from "@codeforge/core";
import { type GitHubClient, type RepositoryRef, statusOf } from "@codeforge/github";
import { z } from "zod";

/** The repository's config file, read from the default branch only. */
export const REPOSITORY_CONFIG_PATH = ".github/codeforge.yml";

/** The configuration for a job: the operator's, or with the repository's file applied; or why not. */
export type RepositoryConfigResult =
  | { ok: true; config: Readonly<Config>; fromFile: boolean }
  | { ok: false; message: string };

const ContentSchema = z.object({ content: z.string(), encoding: z.string() });

/**
 * Reads `.github/codeforge.yml` from the default branch (never a PR's head: anyone can open a
 * PR) and applies it under the trust rule. An invalid or overreaching file is a value whose
 * message names each key and problem, for a comment on the thread.
 */
export async function readRepositoryConfig(
  client: GitHubClient,
  repository: RepositoryRef,
  defaultBranch: string,
  operator: Readonly<Config>,
): Promise<RepositoryConfigResult> {
  let data: unknown;
  try {
    ({ data } = await client.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repository,
      path: REPOSITORY_CONFIG_PATH,
      ref: defaultBranch,
    }));
  } catch (error) {
    if (statusOf(error) === 404) return { ok: true, config: operator, fromFile: false };
    throw error;
  }
  const file = ContentSchema.parse(data);
  const text = Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8").toString(
    "utf8",
  );
  try {
    const config = applyRepositoryConfig(
      operator,
      { path: REPOSITORY_CONFIG_PATH, text },
      { trustHint: "ask the App's operator to set it in the App's environment" },
    );
    return { ok: true, config, fromFile: true };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Reads the repository at `ref` from GitHub's tarball API into a snapshot, within the config's limits. */
export async function readRepositorySnapshot(
  client: GitHubClient,
  repository: RepositoryRef,
  ref: string,
  config: Readonly<Config>,
): Promise<WorkspaceSnapshot> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
    ...repository,
    ref,
    // The archive as a stream whatever content type the server names (GHES proxies vary).
    request: { parseSuccessResponseBody: false },
  });
  const archive = archiveStream(data);
  return readTarballSnapshot(archive, {
    maxFiles: config.repository.maxFiles,
    maxTotalBytes: config.repository.maxTotalBytes,
    maxFileBytes: config.repository.maxFileBytes,
  });
}

function archiveStream(data: unknown): Readable {
  if (data instanceof ReadableStream) return Readable.fromWeb(data as never);
  if (data instanceof ArrayBuffer) return Readable.from([Buffer.from(data)]);
  if (ArrayBuffer.isView(data)) {
    return Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  }
  throw new TypeError(`The tarball API answered ${typeof data}, not an archive`);
}
