import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DEFAULT_CUSTOM_DIR } from "./datasets/load-custom-tasks.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("the published package", () => {
  it("ships the custom task set that loadCustomTasks reads by default", async () => {
    const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json"], {
      cwd: packageDir,
    });
    const [pack] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const shipped = new Set(pack.files.map((file) => file.path));
    const custom = await readdir(DEFAULT_CUSTOM_DIR, { recursive: true, withFileTypes: true });
    const needed = custom
      .filter((entry) => entry.isFile())
      .map((entry) =>
        relative(packageDir, join(entry.parentPath, entry.name)).split(sep).join("/"),
      );
    expect(needed).toContain("custom/tasks.json");
    expect(needed.length).toBeGreaterThan(25);
    expect(needed.filter((path) => !shipped.has(path))).toEqual([]);
  });
});
