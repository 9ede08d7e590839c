import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";

const docker = new Docker();
const { pythonImage } = ConfigSchema.parse({}).sandbox;
const engine = await requireService("Docker engine", () => docker.ping());
const image = engine.available
  ? await requireService(`sandbox image ${pythonImage}`, () =>
      docker.getImage(pythonImage).inspect(),
    )
  : engine;

function workspace(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "codeforge-sandbox-cli-"));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(directory, name), content);
  return directory;
}

describe.skipIf(!image.available)(`codeforge sandbox on the real engine ${image.reason}`, () => {
  describe.concurrent("run", () => {
    it("prints exactly one JSON object with the result and exits 0 for a failing program", async () => {
      const context = captureContext({
        cwd: workspace({
          "fail.py": "import sys\nprint('out')\nprint('err', file=sys.stderr)\nsys.exit(4)",
        }),
      });

      const code = await runCli(["sandbox", "run", "fail.py", "--json"], context);

      expect(code).toBe(EXIT_CODES.success);
      const result = JSON.parse(context.output());
      expect(result).toMatchObject({
        exitCode: 4,
        stdout: "out\n",
        stderr: "err\n",
        timedOut: false,
        oomKilled: false,
        truncated: false,
        blocked: false,
        blockReason: null,
      });
      expect(result.containerId).toMatch(/^[0-9a-f]{64}$/);
      expect(result.durationMs).toBeGreaterThan(0);
    });

    it("streams the program's output and summarises on stderr", async () => {
      const context = captureContext({
        cwd: workspace({ "hello.py": "print('hello from the sandbox')" }),
      });

      const code = await runCli(["sandbox", "run", "hello.py"], context);

      expect(code).toBe(EXIT_CODES.success);
      expect(context.output()).toBe("hello from the sandbox\n");
      expect(context.errors()).toMatch(/^\[sandbox\] exit code 0 · \d+ ms\n$/);
    });

    it("applies --timeout", async () => {
      const context = captureContext({ cwd: workspace({ "spin.py": "while True:\n    pass" }) });

      const code = await runCli(["sandbox", "run", "spin.py", "--timeout", "5", "--json"], context);

      expect(code).toBe(EXIT_CODES.success);
      const result = JSON.parse(context.output());
      expect(result).toMatchObject({ timedOut: true, exitCode: null });
      expect(result.durationMs).toBeGreaterThanOrEqual(4_900);
      expect(result.durationMs).toBeLessThan(8_000);
    });

    it("runs flagged code with --no-guard", async () => {
      const context = captureContext({
        cwd: workspace({ "evaluate.py": "print(eval('6 * 7'))" }),
      });

      const code = await runCli(["sandbox", "run", "evaluate.py", "--no-guard", "--json"], context);

      expect(code).toBe(EXIT_CODES.success);
      expect(JSON.parse(context.output())).toMatchObject({
        exitCode: 0,
        stdout: "42\n",
        blocked: false,
      });
    });

    it("exits 1 with the fix when the configured image is missing", async () => {
      const cwd = workspace({
        "hello.py": "print(1)",
        "codeforge.yml": "sandbox:\n  pythonImage: codeforge/no-such-image:0\n",
      });
      const context = captureContext({ cwd });

      const code = await runCli(["sandbox", "run", "hello.py", "--json"], context);

      expect(code).toBe(EXIT_CODES.failure);
      expect(context.output()).toBe("");
      expect(context.errors()).toContain("codeforge sandbox image build");
    });
  });

  describe("prune", () => {
    it("removes leftover sandbox containers", async () => {
      // A leftover from a killed run: labelled, far past its deadline.
      const leftover = await docker.createContainer({
        Image: pythonImage,
        Cmd: ["true"],
        Labels: { "codeforge.sandbox": "1", "codeforge.deadline": "1" },
      });
      const context = captureContext();

      const code = await runCli(["sandbox", "prune", "--stale"], context);

      expect(code).toBe(EXIT_CODES.success);
      // Another suite's executor may have pruned it first, so the count may be 0; either way
      // it must be gone.
      expect(context.output()).toMatch(/^Removed \d+ sandbox containers? past their deadline\.\n$/);
      const left = await docker.listContainers({ all: true, filters: { id: [leftover.id] } });
      expect(left).toEqual([]);
    });
  });
});
