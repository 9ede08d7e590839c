import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import { createContainerOptions, IMAGE_BUILD_FIX } from "@codeforge/sandbox";
import { Command } from "commander";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { createCliParts } from "../cli-parts.js";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";
import { createSandboxCommand } from "./sandbox-command.js";

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

    it("prints one JSON error with the fix and exits 1 when the configured image is missing", async () => {
      const cwd = workspace({
        "hello.py": "print(1)",
        "codeforge.yml": "sandbox:\n  pythonImage: codeforge/no-such-image:0\n",
      });
      // The image is the operator's to choose: a file found in the checkout may not (issue 11 §5).
      const context = captureContext({ cwd, env: { CODEFORGE_CONFIG: "codeforge.yml" } });

      const code = await runCli(["sandbox", "run", "hello.py", "--json"], context);

      expect(code).toBe(EXIT_CODES.failure);
      expect(JSON.parse(context.output())).toEqual({
        error: {
          code: "image_missing",
          message: expect.stringContaining("codeforge/no-such-image:0"),
          fix: IMAGE_BUILD_FIX,
        },
      });
      expect(context.errors()).toContain("codeforge sandbox image build");
    });
  });

  describe("prune", () => {
    /** Only this test's containers are ever pruned: other suites' stay untouched. */
    const marker = `sandbox-cli-prune-${process.pid}-${Date.now()}`;
    /** Owner host of this test's containers; other suites' executors never judge them. */
    const testHost = `${marker}.invalid`;

    async function prune(args: string[]) {
      const context = captureContext();
      const exit: ExitCodeBox = { code: EXIT_CODES.success };
      const program = new Command("codeforge").exitOverride();
      createSandboxCommand(
        createCliParts({
          pruneScope: { labels: [`codeforge.test=${marker}`], hostname: testHost },
        }),
      )(program, context, exit);
      await program.parseAsync(["sandbox", "prune", ...args], { from: "user" });
      return { context, code: exit.code };
    }

    async function sandboxContainer(ownerPid: number): Promise<string> {
      const container = await docker.createContainer(
        createContainerOptions({
          image: pythonImage,
          command: ["true"],
          config: ConfigSchema.parse({}).sandbox,
          deadlineMs: Date.now() + 600_000,
          ownerPid,
          ownerHost: testHost,
          labels: { "codeforge.test": marker },
        }),
      );
      return container.id;
    }

    const exists = async (id: string) =>
      (await docker.listContainers({ all: true, filters: { id: [id] } })).length > 0;

    it("removes leftovers by default and everything with --all", async () => {
      const deadPid = spawnSync(process.execPath, ["-e", ""]).pid as number;
      // A leftover of a killed run (owner gone), and a run in progress (owner alive).
      const orphaned = await sandboxContainer(deadPid);
      const live = await sandboxContainer(process.ppid);
      try {
        const leftovers = await prune([]);

        expect(leftovers.code).toBe(EXIT_CODES.success);
        expect(leftovers.context.output()).toBe("Removed 1 leftover sandbox container.\n");
        expect(await exists(orphaned)).toBe(false);
        expect(await exists(live)).toBe(true);

        const all = await prune(["--all"]);

        expect(all.code).toBe(EXIT_CODES.success);
        expect(all.context.output()).toBe("Removed 1 sandbox container.\n");
        expect(await exists(live)).toBe(false);
      } finally {
        for (const id of [orphaned, live]) {
          await docker
            .getContainer(id)
            .remove({ force: true })
            .catch(() => undefined);
        }
      }
    });
  });
});
