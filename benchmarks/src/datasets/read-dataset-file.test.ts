import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetError } from "./dataset-error.js";
import type { PublishedDatasetFile } from "./published-datasets.js";
import { readDatasetFile, sha256Hex } from "./read-dataset-file.js";

const CONTENT = Buffer.from('{"task_id": "T/0"}\n');
const FIXTURE: PublishedDatasetFile = {
  fileName: "fixture.jsonl",
  url: "https://example.invalid/fixture.jsonl",
  sha256: sha256Hex(CONTENT),
  licence: "MIT",
};

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), "codeforge-datasets-"));
}

/** A fetch that records the URLs asked for and answers with fixed bytes or fails. */
function recordingFetch(answer: Buffer | Error | number) {
  const urls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    urls.push(String(input));
    if (answer instanceof Error) throw answer;
    if (typeof answer === "number") return new Response("nope", { status: answer });
    return new Response(answer);
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

describe("readDatasetFile", () => {
  it("reads the file from --data-dir and checks its sha256", async () => {
    const dir = await folder();
    await writeFile(join(dir, FIXTURE.fileName), CONTENT);
    const file = await readDatasetFile(FIXTURE, { dataDir: dir, envDataDir: "/nowhere" });
    expect(file.bytes.equals(CONTENT)).toBe(true);
    expect(file.path).toBe(join(dir, FIXTURE.fileName));
    expect(file.downloaded).toBe(false);
  });

  it("uses CODEFORGE_DATA_DIR when no --data-dir is given", async () => {
    const dir = await folder();
    await writeFile(join(dir, FIXTURE.fileName), CONTENT);
    const file = await readDatasetFile(FIXTURE, { envDataDir: dir, cacheDir: "/nowhere" });
    expect(file.path).toBe(join(dir, FIXTURE.fileName));
  });

  it("rejects a file whose checksum differs, naming the file and both hashes", async () => {
    const dir = await folder();
    await writeFile(join(dir, FIXTURE.fileName), "tampered\n");
    const error = await readDatasetFile(FIXTURE, { dataDir: dir }).catch((caught) => caught);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe("checksum_mismatch");
    expect(error.message).toContain(join(dir, FIXTURE.fileName));
    expect(error.message).toContain(FIXTURE.sha256);
    expect(error.message).toContain(sha256Hex(Buffer.from("tampered\n")));
  });

  it("says which file is missing from a configured folder and never downloads into it", async () => {
    const dir = await folder();
    const { fetch, urls } = recordingFetch(CONTENT);
    const error = await readDatasetFile(FIXTURE, { dataDir: dir, fetch }).catch((caught) => caught);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe("missing");
    expect(error.message).toContain(`fixture.jsonl is not in ${dir}`);
    expect(urls).toEqual([]);
  });

  it("downloads a missing file into the cache folder once, then reads it from there", async () => {
    const cacheDir = join(await folder(), "cache");
    const first = recordingFetch(CONTENT);
    const downloaded = await readDatasetFile(FIXTURE, { cacheDir, fetch: first.fetch });
    expect(downloaded.downloaded).toBe(true);
    expect(first.urls).toEqual([FIXTURE.url]);
    expect((await readFile(join(cacheDir, FIXTURE.fileName))).equals(CONTENT)).toBe(true);

    const second = recordingFetch(new Error("must not be called"));
    const cached = await readDatasetFile(FIXTURE, { cacheDir, fetch: second.fetch });
    expect(cached.downloaded).toBe(false);
    expect(second.urls).toEqual([]);
  });

  it("offline and missing: names the file, the URL and where to put it", async () => {
    const cacheDir = await folder();
    const { fetch } = recordingFetch(new TypeError("fetch failed: getaddrinfo ENOTFOUND"));
    const error = await readDatasetFile(FIXTURE, { cacheDir, fetch }).catch((caught) => caught);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe("missing");
    expect(error.message).toContain("fixture.jsonl is not cached and could not be downloaded");
    expect(error.message).toContain("ENOTFOUND");
    expect(error.message).toContain(FIXTURE.url);
    expect(error.message).toContain(join(cacheDir, FIXTURE.fileName));
    expect(error.message).toContain("--data-dir");
  });

  it("with downloads off, fails without asking the network", async () => {
    const { fetch, urls } = recordingFetch(CONTENT);
    const cacheDir = await folder();
    const error = await readDatasetFile(FIXTURE, { cacheDir, fetch, offline: true }).catch(
      (caught) => caught,
    );
    expect(error.message).toContain("downloads are off");
    expect(urls).toEqual([]);
  });

  it("does not cache a download whose checksum differs", async () => {
    const cacheDir = await folder();
    const { fetch } = recordingFetch(Buffer.from("something else"));
    const error = await readDatasetFile(FIXTURE, { cacheDir, fetch }).catch((caught) => caught);
    expect(error.code).toBe("checksum_mismatch");
    expect(error.message).toContain(FIXTURE.url);
    await expect(readFile(join(cacheDir, FIXTURE.fileName))).rejects.toThrow(/ENOENT/);
  });

  it("reports an HTTP error status of the download", async () => {
    const { fetch } = recordingFetch(404);
    const error = await readDatasetFile(FIXTURE, { cacheDir: await folder(), fetch }).catch(
      (caught) => caught,
    );
    expect(error.message).toContain("HTTP 404");
  });
});
