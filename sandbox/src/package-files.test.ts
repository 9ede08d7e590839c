import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DOCKERFILES_DIRECTORY, OFFLINE_BUILD_SCRIPT } from "./images/build-sandbox-image.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

function packagePath(path: string): string {
  return relative(packageDir, path).split(sep).join("/");
}

describe("the published package", () => {
  it("ships the Dockerfiles and the offline build script that buildSandboxImage reads", async () => {
    const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json"], {
      cwd: packageDir,
    });
    const [pack] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const shipped = new Set(pack.files.map((file) => file.path));
    const dockerfiles = await readdir(DOCKERFILES_DIRECTORY, {
      recursive: true,
      withFileTypes: true,
    });
    const needed = [
      packagePath(OFFLINE_BUILD_SCRIPT),
      ...dockerfiles
        .filter((entry) => entry.isFile())
        .map((entry) => packagePath(join(entry.parentPath, entry.name))),
    ];
    expect(needed).toEqual(
      expect.arrayContaining([
        "scripts/build-image-offline.sh",
        "images/python/Dockerfile",
        "images/node/Dockerfile",
      ]),
    );
    expect(needed.filter((path) => !shipped.has(path))).toEqual([]);
  });
});
