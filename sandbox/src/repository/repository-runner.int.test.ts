import { fileURLToPath } from "node:url";
import {
  ConfigSchema,
  detectTestCommand,
  type FileChange,
  readDirectorySnapshot,
  SandboxError,
  type TestCommand,
  type WorkspaceSnapshot,
} from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_LABEL_FILTER } from "../docker/container-options.js";
import { createRepositoryRunner } from "./repository-runner.js";

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

const runner = createRepositoryRunner({ docker, config: limits });

function fixture(name: "python-package" | "node-package"): Promise<WorkspaceSnapshot> {
  const folder = fileURLToPath(new URL(`../../../fixtures/repositories/${name}`, import.meta.url));
  // Walk the folder (no git): the fixture as it is on disk, committed or not.
  return readDirectorySnapshot(folder, { git: "no-such-git" });
}

function commandFor(snapshot: WorkspaceSnapshot): TestCommand {
  const command = detectTestCommand(snapshot);
  if (command === undefined) throw new Error("the fixture's test command was not detected");
  return command;
}

async function leftoverContainers(id: string): Promise<number> {
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [...SANDBOX_LABEL_FILTER.label], id: [id] },
  });
  return listed.length;
}

describe.skipIf(!pythonImage.available)(
  `a Python repository with pytest ${pythonImage.reason}`,
  () => {
    let snapshot: WorkspaceSnapshot;
    let testCommand: TestCommand;
    beforeAll(async () => {
      snapshot = await fixture("python-package");
      testCommand = commandFor(snapshot);
    });

    describe.concurrent("runs", () => {
      it("passes the fixture's own tests, read from pytest's JUnit report", async () => {
        const result = await runner.run({ snapshot, testCommand, timeoutMs: 60_000 });
        expect(result.verdict).toEqual({ passed: true, reasons: [] });
        expect(result.exitCode).toBe(0);
        expect(result.report?.passed).toBe(5);
        expect(result.report?.tests).toContainEqual({
          name: "test_parse_duration_adds_units",
          file: "tests/test_durations.py",
          outcome: "passed",
        });
        expect(result.stdout).toMatch(/5 passed/);
        expect(await leftoverContainers(result.containerId)).toBe(0);
      });

      it("fails a change that breaks a test, naming it", async () => {
        const broken = snapshot.files.find((file) => file.path === "textkit/durations.py")?.content;
        const changes: FileChange[] = [
          {
            path: "textkit/durations.py",
            content: (broken ?? "").replace('"m": 60', '"m": 61'),
          },
        ];
        const result = await runner.run({ snapshot, changes, testCommand, timeoutMs: 60_000 });
        expect(result.exitCode).toBe(1);
        expect(result.verdict.passed).toBe(false);
        expect(result.verdict.reasons.join("\n")).toMatch(
          /tests\/test_durations\.py: test_parse_duration_adds_units/,
        );
        expect(result.report?.failed).toBeGreaterThanOrEqual(1);
      });

      it("passes a new test file the run requires, and fails when a required file did not run", async () => {
        const changes: FileChange[] = [
          {
            path: "tests/test_format.py",
            content:
              "from textkit.durations import format_duration\n\n\ndef test_zero():\n    assert format_duration(0) == '0s'\n",
          },
        ];
        const passing = await runner.run({
          snapshot,
          changes,
          testCommand,
          requiredTests: [{ file: "tests/test_format.py", name: "test_zero" }],
          timeoutMs: 60_000,
        });
        expect(passing.verdict).toEqual({ passed: true, reasons: [] });
        const missing = await runner.run({
          snapshot,
          changes,
          testCommand,
          requiredTests: [{ file: "tests/test_elsewhere.py" }],
          timeoutMs: 60_000,
        });
        expect(missing.verdict.reasons).toEqual(["tests/test_elsewhere.py: none of its tests ran"]);
      });

      it("does not pass a test file that prints pytest's summary and exits 0 early", async () => {
        const changes: FileChange[] = [
          {
            path: "tests/test_fake.py",
            content:
              "import os\n\nprint('======================== 7 passed in 0.01s ========================', flush=True)\nos._exit(0)\n",
          },
        ];
        const result = await runner.run({
          snapshot,
          changes,
          testCommand,
          requiredTests: [{ file: "tests/test_fake.py" }],
          timeoutMs: 60_000,
        });
        // pytest captures what a module prints while it is collected: the exit status is the fake.
        expect(result.exitCode).toBe(0);
        expect(result.verdict.passed).toBe(false);
        expect(result.verdict.reasons).toContain(
          "the test runner wrote no report, so no test is known to have run",
        );
      });

      it("times out a hanging test and removes the container", async () => {
        const changes: FileChange[] = [
          {
            path: "tests/test_hang.py",
            content: "import time\n\n\ndef test_hang():\n    time.sleep(60)\n",
          },
        ];
        const result = await runner.run({ snapshot, changes, testCommand, timeoutMs: 4_000 });
        expect(result.timedOut).toBe(true);
        expect(result.exitCode).toBeNull();
        expect(result.verdict.reasons[0]).toBe("the test command timed out");
        expect(await leftoverContainers(result.containerId)).toBe(0);
      });
    });

    it("refuses changes to a forbidden path before any container starts", async () => {
      const run = runner.run({
        snapshot,
        changes: [{ path: ".github/workflows/ci.yml", content: "on: push\n" }],
        testCommand,
      });
      await expect(run).rejects.toBeInstanceOf(SandboxError);
      await expect(run).rejects.toThrow(/workflow file/);
    });
  },
);

describe.skipIf(!nodeImage.available)(`a Node package with node --test ${nodeImage.reason}`, () => {
  let snapshot: WorkspaceSnapshot;
  let testCommand: TestCommand;
  beforeAll(async () => {
    snapshot = await fixture("node-package");
    testCommand = commandFor(snapshot);
  });

  describe.concurrent("runs", () => {
    it("passes the fixture's own tests, read from the reporter's events", async () => {
      const result = await runner.run({ snapshot, testCommand, timeoutMs: 60_000 });
      expect(result.verdict).toEqual({ passed: true, reasons: [] });
      expect(result.report?.tests.map((test) => [test.file, test.name, test.outcome])).toEqual([
        ["test/cart.test.js", "an empty cart costs nothing", "passed"],
        ["test/cart.test.js", "a cart adds price times quantity", "passed"],
        ["test/money.test.js", "formatPrice > shows two decimals", "passed"],
      ]);
      // The spec reporter still prints for people.
      expect(result.stdout).toMatch(/an empty cart costs nothing/);
    });

    it("does not pass a test file that prints a fake summary and exits 0 before its tests", async () => {
      const changes: FileChange[] = [
        {
          path: "test/discount.test.js",
          content: [
            'import { test } from "node:test";',
            'console.log("# tests 4\\n# pass 4\\n# fail 0\\nℹ pass 4");',
            "process.exit(0);",
            'test("never runs", () => {});',
            "",
          ].join("\n"),
        },
      ];
      const result = await runner.run({
        snapshot,
        changes,
        testCommand,
        requiredTests: [{ file: "test/discount.test.js" }],
        timeoutMs: 60_000,
      });
      expect(result.stdout).toMatch(/# pass 4/);
      expect(result.verdict.passed).toBe(false);
      expect(result.verdict.reasons).toEqual(["test/discount.test.js: none of its tests ran"]);
    });

    it("fails a failing test with its name and message", async () => {
      const changes: FileChange[] = [
        {
          path: "src/money.js",
          content:
            "export function roundCents(amount) {\n  return amount;\n}\n\nexport function formatPrice(amount) {\n  return `$${amount}`;\n}\n",
        },
      ];
      const result = await runner.run({ snapshot, changes, testCommand, timeoutMs: 60_000 });
      expect(result.exitCode).not.toBe(0);
      expect(result.verdict.passed).toBe(false);
      expect(result.report?.tests).toContainEqual(
        expect.objectContaining({ file: "test/money.test.js", outcome: "failed" }),
      );
    });
  });
});
