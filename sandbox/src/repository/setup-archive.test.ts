import { createSnapshot } from "@codeforge/core";
import { extract } from "tar-stream";
import { describe, expect, it } from "vitest";
import { createSetupArchive } from "./setup-archive.js";

async function entries(archive: Buffer): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (header.type === "file") found.set(header.name, Buffer.concat(chunks).toString());
        next();
      });
    });
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  reader.end(archive);
  await done;
  return found;
}

describe("the setup archive", () => {
  it("carries the text files and the lockfiles npm ci needs, not files the snapshot could not read", async () => {
    const snapshot = createSnapshot([
      { path: "package.json", size: 20, content: '{"name": "cartkit"}' },
      {
        path: "package-lock.json",
        size: 24,
        content: null,
        skipped: "vendored",
        setupContent: '{"lockfileVersion": 3}',
      },
      { path: "logo.png", size: 9, content: null, skipped: "binary" },
    ]);

    const files = await entries(await createSetupArchive(snapshot));

    const inWorkdir = [...files.keys()].filter((name) => !name.endsWith("/"));
    expect(inWorkdir.some((name) => name.endsWith("/package-lock.json"))).toBe(true);
    expect([...files.entries()].find(([name]) => name.endsWith("/package-lock.json"))?.[1]).toBe(
      '{"lockfileVersion": 3}',
    );
    expect(inWorkdir.some((name) => name.endsWith("/logo.png"))).toBe(false);
  });
});
