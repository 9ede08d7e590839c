import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatasetError } from "./dataset-error.js";
import type { PublishedDatasetFile } from "./published-datasets.js";

/** Where dataset files are looked for, in order of precedence. */
export interface DatasetLocation {
  /** `--data-dir`: a folder that must hold the file (nothing is downloaded into it). */
  dataDir?: string;
  /** `CODEFORGE_DATA_DIR` as the caller read it: used when `dataDir` is not given. */
  envDataDir?: string;
  /** The user cache folder files are downloaded into when neither folder is given. */
  cacheDir?: string;
  /** Downloads a missing file into `cacheDir`; defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** When true a missing file is an error at once instead of a download. */
  offline?: boolean;
}

/** A dataset file's bytes, where they came from and their sha256. */
export interface DatasetFileContents {
  path: string;
  bytes: Buffer;
  sha256: string;
  /** True when this call downloaded the file into the cache folder. */
  downloaded: boolean;
}

/** Hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Reads a published dataset file from the configured folder, or from the user cache
 * folder, downloading it there from its public source when it is missing. The bytes
 * must match the published sha256, whichever way they came.
 *
 * @example
 * const file = await readDatasetFile(PUBLISHED_DATASETS.humaneval, { dataDir: "../shared/datasets" });
 */
export async function readDatasetFile(
  dataset: PublishedDatasetFile,
  location: DatasetLocation,
): Promise<DatasetFileContents> {
  const configured = nonEmpty(location.dataDir) ?? nonEmpty(location.envDataDir);
  if (configured !== undefined) {
    const path = join(configured, dataset.fileName);
    const bytes = await readIfPresent(path);
    if (bytes === undefined) {
      throw new DatasetError(
        `${dataset.fileName} is not in ${configured}: download it from ${dataset.url} into that folder, or point --data-dir (or CODEFORGE_DATA_DIR) at a folder that holds it.`,
        { code: "missing", fileName: dataset.fileName },
      );
    }
    return { path, bytes: verify(dataset, path, bytes), sha256: dataset.sha256, downloaded: false };
  }

  const cacheDir = nonEmpty(location.cacheDir);
  if (cacheDir === undefined) {
    throw new DatasetError(
      `No folder for ${dataset.fileName}: pass --data-dir DIR or set CODEFORGE_DATA_DIR to a folder that holds it.`,
      { code: "missing", fileName: dataset.fileName },
    );
  }
  const path = join(cacheDir, dataset.fileName);
  const cached = await readIfPresent(path);
  if (cached !== undefined) {
    return {
      path,
      bytes: verify(dataset, path, cached),
      sha256: dataset.sha256,
      downloaded: false,
    };
  }

  const whereToPut = `download it from ${dataset.url} and put it at ${path}, or pass --data-dir DIR (or set CODEFORGE_DATA_DIR) to a folder that holds it`;
  if (location.offline === true) {
    throw new DatasetError(
      `${dataset.fileName} is not cached and downloads are off: ${whereToPut}.`,
      {
        code: "missing",
        fileName: dataset.fileName,
      },
    );
  }
  const bytes = await download(dataset, location.fetch ?? globalThis.fetch, whereToPut);
  verify(dataset, dataset.url, bytes);
  await mkdir(cacheDir, { recursive: true });
  // Write beside the target and rename, so a crash never leaves a half-written file behind.
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, path);
  return { path, bytes, sha256: dataset.sha256, downloaded: true };
}

async function download(
  dataset: PublishedDatasetFile,
  fetch: typeof globalThis.fetch,
  whereToPut: string,
): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(dataset.url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(
      `${dataset.fileName} is not cached and could not be downloaded (${reason}): ${whereToPut}.`,
      { code: "missing", fileName: dataset.fileName, cause: error, retryable: true },
    );
  }
  if (!response.ok) {
    throw new DatasetError(
      `${dataset.fileName} is not cached and the download answered HTTP ${response.status}: ${whereToPut}.`,
      { code: "missing", fileName: dataset.fileName, retryable: response.status >= 500 },
    );
  }
  return Buffer.from(await response.arrayBuffer());
}

function verify(dataset: PublishedDatasetFile, origin: string, bytes: Buffer): Buffer {
  const actual = sha256Hex(bytes);
  if (actual !== dataset.sha256) {
    throw new DatasetError(
      `${origin} has sha256 ${actual}, not the published ${dataset.sha256}: replace it with the file from ${dataset.url}.`,
      { code: "checksum_mismatch", fileName: dataset.fileName },
    );
  }
  return bytes;
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}
