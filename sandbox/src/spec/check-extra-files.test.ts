import { ConfigSchema, type ExecutionSpec, type Executor } from "@codeforge/core";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { createDockerExecutor } from "../docker/docker-executor.js";
import { createSandboxPool } from "../pool/sandbox-pool.js";
import { checkExtraFiles, extraFilePathProblem } from "./check-extra-files.js";

const accepted = ["helper.py", "data/input.txt", "a/b/c.json", ".hidden", "a..b/c", "main.js"];
const refused = [
  "",
  "/etc/passwd",
  "../outside.py",
  "a/../../outside.py",
  "a/./b.py",
  "./helper.py",
  "a//b.py",
  "a/",
  ".",
  "..",
  "a\\b.py",
  "a\0b",
  "main.py",
  ".codeforge-stdin",
];

describe("extraFilePathProblem", () => {
  it.each(accepted)("accepts %j", (path) => {
    expect(extraFilePathProblem(path, "python")).toBeUndefined();
  });

  it.each(refused)("refuses %j", (path) => {
    expect(extraFilePathProblem(path, "python")).toEqual(expect.any(String));
  });

  it("reserves each language's own program file", () => {
    expect(extraFilePathProblem("main.js", "node")).toMatch(/reserved/);
    expect(extraFilePathProblem("main.py", "node")).toBeUndefined();
  });

  it("names the path and the fix in the error", () => {
    expect(() => checkExtraFiles("python", { "ok.py": "", "a/./b": "" })).toThrow(
      /Extra file "a\/\.\/b" .*segment.*use a relative path/,
    );
  });
});

// Both executors refuse a bad path before they touch the engine; a good one reaches the
// engine, which is absent here, so it fails as unreachable instead.
const nowhere = new Docker({ socketPath: "/nonexistent/codeforge-test/docker.sock" });
const config = ConfigSchema.parse({ sandbox: { guard: "off" } }).sandbox;
const executors: [string, () => Executor & { close?: () => Promise<void> }][] = [
  ["the one-shot executor", () => createDockerExecutor({ docker: nowhere, config })],
  ["the pool", () => createSandboxPool({ docker: nowhere, config, size: 1 })],
];

async function verdict(executor: Executor, path: string): Promise<string> {
  const spec: ExecutionSpec = { language: "python", code: "print(1)", files: { [path]: "x" } };
  try {
    await executor.run(spec);
    return "ran";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe.each(executors)("%s", (_name, create) => {
  it.each(refused)("refuses the extra file path %j", async (path) => {
    expect(await verdict(create(), path)).toBe("invalid_request");
  });

  it.each(accepted)("accepts the extra file path %j", async (path) => {
    expect(await verdict(create(), path)).toBe("daemon_unreachable");
  });
});
