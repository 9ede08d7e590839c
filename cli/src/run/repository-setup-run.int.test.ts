import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigSchema } from "@codeforge/core";
import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";

// `codeforge run --repo` on a repository whose own config names a setup command: the real
// pipeline and sandbox; the model is never reached (its address answers nothing).
const sandboxConfig = ConfigSchema.parse({}).sandbox;
const executor = createDockerExecutor({ docker: new Docker(), config: sandboxConfig });
const python = await requireSandboxImage(executor, sandboxConfig, "python");

const FIXTURE = fileURLToPath(
  new URL("../../../fixtures/repositories/python-package", import.meta.url),
);

describe.skipIf(!python.available)(
  `codeforge run --repo with repository.setup ${python.reason}`,
  () => {
    it("stops before any model call with the setup's own message when it fails", async () => {
      const repo = await mkdtemp(join(tmpdir(), "codeforge-repo-setup-"));
      await cp(FIXTURE, repo, { recursive: true });
      await mkdir(join(repo, ".github"));
      await writeFile(
        join(repo, ".github/codeforge.yml"),
        "repository:\n  setup: echo resolving the packages of textkit; exit 7\n",
      );
      const git = (...args: string[]) =>
        execFileSync("git", [
          "-C",
          repo,
          "-c",
          "user.name=t",
          "-c",
          "user.email=t@example.com",
          ...args,
        ]);
      git("init", "-q");
      git("add", "-A");
      git("commit", "-q", "-m", "fixture");
      const run = captureContext({
        cwd: repo,
        env: {
          OPENAI_API_KEY: "sk-repo-setup-e2e",
          OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
          OLLAMA_HOST: "http://127.0.0.1:9",
          CODEFORGE_LOG_LEVEL: "silent",
        },
      });

      const code = await runCli(["run", "--repo", ".", "Add format_clock to textkit"], run);

      expect(code).toBe(1);
      const shown = `${run.output()}${run.errors()}`;
      expect(shown).toContain(
        "repository.setup `echo resolving the packages of textkit; exit 7` failed (exit 7)",
      );
      expect(shown).toContain("resolving the packages of textkit");
      expect(shown).not.toMatch(/127\.0\.0\.1:9|ECONNREFUSED/);
    }, 120_000);
  },
);
