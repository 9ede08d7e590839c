import { Readable } from "node:stream";
import { SandboxError } from "@codeforge/core";
import { extract } from "tar-stream";
import { describe, expect, it } from "vitest";
import { createProgramArchive, programCommand } from "./program-archive.js";

async function entries(archive: Buffer): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const reader = extract();
  Readable.from([archive]).pipe(reader);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    files[entry.header.name] = Buffer.concat(chunks).toString("utf8");
  }
  return files;
}

describe("createProgramArchive", () => {
  it("packs the program under its language's file name with the extra files", async () => {
    const archive = await createProgramArchive({
      language: "python",
      code: "print('é')",
      files: { "data/input.txt": "1 2 3", "helper.py": "X = 1" },
    });

    expect(await entries(archive)).toEqual({
      "data/input.txt": "1 2 3",
      "helper.py": "X = 1",
      "main.py": "print('é')",
    });
  });

  it("adds stdin as a hidden file only when there is input", async () => {
    const withInput = await entries(
      await createProgramArchive({ language: "node", code: "1", stdin: "" }),
    );
    const without = await entries(await createProgramArchive({ language: "node", code: "1" }));

    expect(Object.keys(withInput).sort()).toEqual([".codeforge-stdin", "main.js"]);
    expect(Object.keys(without)).toEqual(["main.js"]);
  });

  it.each([
    "/etc/passwd",
    "../outside.py",
    "a/../../outside.py",
    "./helper.py",
    "main.py",
    "",
    ".codeforge-stdin",
  ])("refuses the extra file path %j", async (path) => {
    const archive = createProgramArchive({ language: "python", code: "", files: { [path]: "x" } });

    await expect(archive).rejects.toBeInstanceOf(SandboxError);
    await expect(archive).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("programCommand", () => {
  it("runs the bootstrap and then the language's interpreter on the program file", () => {
    expect(programCommand("python", 1000).slice(-2)).toEqual(["python3", "main.py"]);
    expect(programCommand("node", 1000).slice(-2)).toEqual(["node", "main.js"]);
    expect(programCommand("python", 1000).slice(4, 6)).toEqual(["sh", "-c"]);
  });

  it("kills everything with SIGKILL at the container's own limit", () => {
    expect(programCommand("python", 35_000).slice(0, 4)).toEqual([
      "timeout",
      "-s",
      "KILL",
      "35.000",
    ]);
    expect(programCommand("node", 1_500.2).slice(0, 4)).toEqual(["timeout", "-s", "KILL", "1.501"]);
    expect(() => programCommand("python", 0)).toThrow(RangeError);
  });
});
