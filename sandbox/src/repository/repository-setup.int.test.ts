import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  ConfigSchema,
  createSnapshot,
  detectTestCommand,
  type FileChange,
  readDirectorySnapshot,
  SandboxError,
  type TestCommand,
  type WorkspaceSnapshot,
} from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeRegistry } from "./registry-probe.js";
import { createRepositoryRunner, type RepositoryRunResult } from "./repository-runner.js";
import { SETUP_IMAGE_REPOSITORY, SETUP_LABEL } from "./repository-setup.js";

const docker = new Docker();
const limits = ConfigSchema.parse({
  sandbox: { memoryMb: 512, pidsLimit: 128, tmpfsMb: 64, outputLimitBytes: 256 * 1024 },
}).sandbox;
const engine = await requireService("Docker engine", () => docker.ping());
const pythonImage = engine.available
  ? await requireService(`sandbox image ${limits.pythonImage}`, () =>
      docker.getImage(limits.pythonImage).inspect(),
    )
  : engine;
const nodeImage = engine.available
  ? await requireService(`sandbox image ${limits.nodeImage}`, () =>
      docker.getImage(limits.nodeImage).inspect(),
    )
  : engine;

const runner = createRepositoryRunner({ docker, config: limits, setupTimeoutMs: 120_000 });

/** Setup images the tests made; removed at the end. */
const made = new Set<string>();
afterAll(async () => {
  for (const image of made)
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => {});
});
function keep(result: RepositoryRunResult): RepositoryRunResult {
  if (result.setup) made.add(result.setup.image);
  return result;
}

/** A fixture, plus a dependency file with a nonce, so that no earlier test run's image is reused. */
async function fixture(
  name: "python-package" | "node-package",
  dependencyFile: string,
): Promise<{ snapshot: WorkspaceSnapshot; testCommand: TestCommand }> {
  const folder = fileURLToPath(new URL(`../../../fixtures/repositories/${name}`, import.meta.url));
  const read = await readDirectorySnapshot(folder, { git: "no-such-git" });
  const nonce = `# codeforge test ${randomBytes(8).toString("hex")}\n`;
  const snapshot = createSnapshot([
    ...read.files,
    { path: dependencyFile, size: nonce.length, content: nonce },
  ]);
  const testCommand = detectTestCommand(snapshot);
  if (!testCommand) throw new Error("the fixture's test command was not detected");
  return { snapshot, testCommand };
}

function withFile(snapshot: WorkspaceSnapshot, path: string, content: string): WorkspaceSnapshot {
  return createSnapshot([
    ...snapshot.files.filter((file) => file.path !== path),
    { path, size: content.length, content },
  ]);
}

/** Setup containers created between two instants (seconds), from the engine's events. */
async function setupContainersCreated(since: number, until: number): Promise<number> {
  const stream = (await docker.getEvents({
    since,
    until,
    filters: { type: ["container"], event: ["create"], label: [`${SETUP_LABEL}=container`] },
  })) as NodeJS.ReadableStream;
  let text = "";
  for await (const chunk of stream) text += chunk.toString();
  return text.split("\n").filter((line) => line.trim() !== "").length;
}

const seconds = () => Math.floor(Date.now() / 1000);

/** Writes a module into the user site (where `pip install` puts packages) and a folder into the working directory. */
const OFFLINE_PYTHON_SETUP = [
  "test -f textkit/durations.py",
  'site="$(python3 -m site --user-site)"',
  'mkdir -p "$site"',
  `printf 'GREETING = "installed by setup"\\n' > "$site/setup_greeting.py"`,
  "mkdir -p .setup-cache",
  "echo made > .setup-cache/marker",
  'env > "$PYTHONUSERBASE/setup-env.txt"',
  'ls /sys/class/net > "$PYTHONUSERBASE/setup-net.txt"',
  'cat /proc/self/mounts > "$PYTHONUSERBASE/setup-mounts.txt"',
].join(" && ");

const GREETING_TEST: FileChange = {
  path: "tests/test_setup.py",
  content: [
    "from setup_greeting import GREETING",
    "",
    "",
    "def test_setup_installed_a_module():",
    '    assert GREETING == "installed by setup"',
    "",
    "",
    "def test_setup_left_its_folder_in_the_working_directory():",
    '    assert open(".setup-cache/marker").read() == "made\\n"',
    "",
  ].join("\n"),
};

describe.skipIf(!pythonImage.available)(`repository setup on Python ${pythonImage.reason}`, () => {
  let snapshot: WorkspaceSnapshot;
  let testCommand: TestCommand;
  beforeAll(async () => {
    ({ snapshot, testCommand } = await fixture("python-package", "requirements.txt"));
  });

  it("runs once per set of dependency files, and the tests start from what it installed", async () => {
    const setup = { command: OFFLINE_PYTHON_SETUP, snapshot };
    const spec = {
      snapshot: withFile(snapshot, GREETING_TEST.path, GREETING_TEST.content ?? ""),
      testCommand,
      setup,
      requiredTests: [{ file: GREETING_TEST.path }],
      timeoutMs: 60_000,
    };

    const first = keep(await runner.run(spec));
    expect(first.setup).toMatchObject({ cached: false });
    expect(first.setup?.image).toBe(`${SETUP_IMAGE_REPOSITORY}:${first.setup?.key}`);
    expect(first.verdict).toEqual({ passed: true, reasons: [] });
    expect(first.report?.passed).toBe(7);

    const before = seconds();
    const second = keep(await runner.run(spec));
    const after = seconds() + 1;
    expect(second.setup).toMatchObject({ cached: true, imageId: first.setup?.imageId });
    expect(second.verdict.passed).toBe(true);
    expect(await setupContainersCreated(before, after)).toBe(0);

    const changedDependencies = withFile(snapshot, "requirements.txt", "# one more line\n");
    const third = keep(
      await runner.run({ ...spec, setup: { ...setup, snapshot: changedDependencies } }),
    );
    expect(third.setup?.cached).toBe(false);
    expect(third.setup?.imageId).not.toBe(first.setup?.imageId);
    expect(third.verdict.passed).toBe(true);
  });

  it("shares one setup between concurrent runs; a run that stops waiting leaves it going", async () => {
    const { snapshot: fresh } = await fixture("python-package", "requirements.txt");
    const setup = { command: `sleep 2 && ${OFFLINE_PYTHON_SETUP}`, snapshot: fresh };
    const spec = { snapshot: fresh, testCommand, setup, timeoutMs: 60_000 };
    const before = seconds();
    const impatient = new AbortController();

    // Kept as they finish, so their images are removed whatever the assertions say.
    const runs = Promise.all([runner.run(spec), runner.run(spec)]).then((done) => done.map(keep));
    // Joins once the setup (which sleeps 2 s first) is under way, and gives up during it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const joinedAt = Date.now();
    const abandoned = runner.run({ ...spec, signal: impatient.signal });
    setTimeout(() => impatient.abort(new Error("the caller gave up")), 200);
    await expect(abandoned).rejects.toThrow("the caller gave up");
    expect(Date.now() - joinedAt).toBeLessThan(1_200);
    const [one, two] = await runs;

    expect([one?.setup?.cached, two?.setup?.cached].sort()).toEqual([false, true]);
    expect(one?.setup?.imageId).toBe(two?.setup?.imageId);
    expect(one?.verdict.passed).toBe(true);
    expect(await setupContainersCreated(before, seconds() + 1)).toBe(1);
  });

  it("links only what setup added: a file the changes delete stays deleted", async () => {
    const result = keep(
      await runner.run({
        snapshot,
        changes: [{ path: "README.md", content: null }],
        testCommand: { ...testCommand, command: "ls -A" },
        setup: { command: OFFLINE_PYTHON_SETUP, snapshot },
        timeoutMs: 60_000,
      }),
    );

    const entries = result.stdout.trim().split("\n");
    expect(entries).toContain(".setup-cache");
    expect(entries).toContain("pyproject.toml");
    expect(entries).not.toContain("README.md");
  });

  it("gives setup the network and nothing of the operator's; the tests run without a network", async () => {
    const key = `sk-operator-${randomBytes(6).toString("hex")}`;
    process.env.CODEFORGE_TEST_OPERATOR_KEY = key;
    try {
      const result = keep(
        await runner.run({
          snapshot,
          testCommand: {
            ...testCommand,
            command:
              "cd /codeforge-setup/python && cat setup-env.txt && echo '-- net' && cat setup-net.txt && echo '-- mounts' && cat setup-mounts.txt && echo '-- test net' && ls /sys/class/net",
          },
          setup: { command: OFFLINE_PYTHON_SETUP, snapshot },
          timeoutMs: 60_000,
        }),
      );
      const [environment = "", setupNet = "", mounts = "", testNet = ""] = result.stdout.split(
        /^-- (?:net|mounts|test net)\n/m,
      );
      expect(environment).not.toContain(key);
      const names = environment
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => line.slice(0, line.indexOf("=")));
      expect(
        names.filter(
          (name) =>
            !/^(HOME|PATH|HOSTNAME|PWD|OLDPWD|SHLVL|LANG|MPLBACKEND|MPLCONFIGDIR|_)$/.test(name) &&
            !/^(PYTHON|PIP_|NPM_CONFIG_)/.test(name),
        ),
      ).toEqual([]);
      expect(environment).toContain("PYTHONUSERBASE=/codeforge-setup/python");
      expect(setupNet.split("\n")).toContain("eth0");
      // No volume, bind or tmpfs of anyone's beyond what the engine gives every container.
      const targets = mounts
        .split("\n")
        .map((line) => line.split(" ")[1])
        .filter((target): target is string => target !== undefined && target !== "");
      expect(
        targets.filter(
          (target) =>
            target !== "/" &&
            !/^\/(proc|sys|dev)(\/|$)/.test(target) &&
            !/^\/etc\/(resolv\.conf|hostname|hosts)$/.test(target),
        ),
      ).toEqual([]);
      expect(testNet.trim().split("\n")).toEqual(["lo"]);
    } finally {
      delete process.env.CODEFORGE_TEST_OPERATOR_KEY;
    }
  });

  it("fails a setup that needs an unreachable registry with what happened and what to do", async () => {
    const registry = await probeRegistry({
      docker,
      image: limits.pythonImage,
      language: "python",
      config: limits,
    });
    const command =
      "python3 -c \"import urllib.request; urllib.request.urlopen('https://pypi.org/simple/codeforge-no-such-package-4af1/', timeout=10)\"";
    const failing = runner.run({
      snapshot,
      testCommand,
      setup: { command, snapshot: withFile(snapshot, "requirements.txt", "# needs pypi\n") },
      timeoutMs: 60_000,
    });

    const error = await failing.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: "setup_failed" });
    const message = (error as Error).message;
    expect(message).toContain(
      `repository.setup \`${command}\` failed (exit 1) in ${limits.pythonImage}`,
    );
    expect(message).toMatch(/urllib\.error\.(URLError|HTTPError)/);
    if (registry.status === "unreachable") {
      expect(message).toContain(
        "the sandbox's engine could not reach the package registry (pypi.org:",
      );
      expect(message).toContain("let the Docker engine's containers reach pypi.org");
    } else {
      expect(message).toContain("fix the command");
    }
  });

  it("fails a setup that runs too long, naming the limit", async () => {
    const short = createRepositoryRunner({ docker, config: limits, setupTimeoutMs: 2_000 });
    await expect(
      short.run({ snapshot, testCommand, setup: { command: "echo starting; sleep 30", snapshot } }),
    ).rejects.toThrow(
      /repository\.setup `echo starting; sleep 30` did not finish within 2 s .*starting/s,
    );
  });
});

describe.skipIf(!nodeImage.available)(`repository setup on Node ${nodeImage.reason}`, () => {
  it("links what setup put into the working directory (node_modules) into every test run", async () => {
    const { snapshot, testCommand } = await fixture("node-package", "package-lock.json");
    // What `npm ci` would do, without a registry.
    const setup = [
      "mkdir -p node_modules/left-pad",
      `printf '{"name":"left-pad","version":"1.0.0","main":"index.js"}' > node_modules/left-pad/package.json`,
      `printf 'module.exports = (text, width) => String(text).padStart(width);\\n' > node_modules/left-pad/index.js`,
      "mkdir -p node_modules/.bin",
      `printf '#!/bin/sh\\necho from a bin script\\n' > node_modules/.bin/hello`,
      "chmod +x node_modules/.bin/hello",
    ].join(" && ");
    const changes: FileChange[] = [
      {
        path: "test/pad.test.js",
        content: [
          'import { test } from "node:test";',
          'import assert from "node:assert/strict";',
          'import leftPad from "left-pad";',
          'test("left-pad comes from setup", () => assert.equal(leftPad(7, 3), "  7"));',
          'import { execFileSync } from "node:child_process";',
          'test("a bin script setup installed runs", () =>',
          '  assert.equal(execFileSync("node_modules/.bin/hello", { encoding: "utf8" }), "from a bin script\\n"));',
          "",
        ].join("\n"),
      },
    ];

    const result = keep(
      await runner.run({
        snapshot,
        changes,
        testCommand,
        setup: { command: setup, snapshot },
        requiredTests: [{ file: "test/pad.test.js" }],
        timeoutMs: 60_000,
      }),
    );

    expect(result.setup?.cached).toBe(false);
    expect(result.verdict).toEqual({ passed: true, reasons: [] });
    expect(
      result.report?.tests
        .filter((test) => test.file === "test/pad.test.js")
        .map((test) => [test.name, test.outcome]),
    ).toEqual([
      ["left-pad comes from setup", "passed"],
      ["a bin script setup installed runs", "passed"],
    ]);
  });
});

describe.skipIf(!pythonImage.available || !nodeImage.available)(
  `the registry probe ${pythonImage.reason || nodeImage.reason}`,
  () => {
    it.each([
      ["python", limits.pythonImage, "pypi.org"],
      ["node", limits.nodeImage, "registry.npmjs.org"],
    ] as const)("reaches %s's registry or says why not", async (language, image, registry) => {
      const probe = await probeRegistry({ docker, image, language, config: limits });

      expect(probe.registry).toBe(registry);
      expect(probe.status).not.toBe("unknown");
      if (probe.status === "unreachable") {
        // A network error, not a broken probe (a syntax error, a missing module).
        expect(probe.detail).toMatch(
          /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|Errno|timed out/,
        );
        expect(probe.detail).not.toMatch(/SyntaxError|Traceback|Cannot find module/);
      }
    });
  },
);
