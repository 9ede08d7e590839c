import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SyntaxChecker } from "../../agents/index.js";
import { ConfigSchema } from "../../config/index.js";
import { SandboxError } from "../../errors/index.js";
import { createTestStore } from "../../store/create-test-store.js";
import { createFakeExecutor } from "../../testing/fake-executor.js";
import { createFakeRepositoryRunner } from "../../testing/fake-repository-runner.js";
import { createScriptedModel, type ScriptedReply } from "../../testing/scripted-model.js";
import {
  detectTestCommand,
  readDirectorySnapshot,
  snapshotFile,
  type TestCaseResult,
} from "../../workspace/index.js";
import { FIXTURE_REPOSITORIES } from "../../workspace/test-support/fixture-repositories.js";
import type { PipelineEvent } from "../pipeline-events.js";
import { runTask } from "../run-task.js";
import { prepareRepositoryTask } from "./prepare-repository-task.js";

const TASK = "Add format_clock(seconds) to textkit/durations.py returning H:MM:SS, with tests";
const FILES = ["textkit/durations.py", "tests/test_durations.py"];

const passed = (file: string, name: string): TestCaseResult => ({ name, file, outcome: "passed" });
const failed = (file: string, name: string, message: string): TestCaseResult => ({
  name,
  file,
  outcome: "failed",
  message,
});

const BASELINE = [
  passed("tests/test_durations.py", "test_parse_duration_adds_units"),
  passed("tests/test_slug.py", "test_slugify"),
];

const plan: ScriptedReply = {
  object: {
    reasoning: "one function and its test",
    subtasks: [
      { id: 1, description: "add format_clock", dependencies: [], estimated_complexity: "simple" },
    ],
    files: FILES,
  },
};
const change = (code: string): ScriptedReply => ({
  object: {
    changes: [
      { path: "textkit/durations.py", content: code },
      {
        path: "tests/test_clock.py",
        content:
          "from textkit.durations import format_clock\n\ndef test_clock():\n    assert format_clock(3661) == '1:01:01'\n",
      },
    ],
    explanation: "adds format_clock",
  },
});
const BUGGY = "def format_clock(seconds):\n    return f'{seconds // 60}:{seconds % 60:02d}'\n";
const FIXED =
  "def format_clock(seconds):\n    hours, rest = divmod(seconds, 3600)\n    return f'{hours}:{rest // 60:02d}:{rest % 60:02d}'\n";
const review = (changes: unknown[]): ScriptedReply => ({
  object: {
    root_cause: "hours are not split off",
    error_type: "logic_error",
    fix_description: "divmod by 3600 first",
    confidence: 0.9,
    changes_made: ["split hours"],
    changes,
    explanation: "fixes the format",
  },
});

const acceptAll: SyntaxChecker = {
  check: async () => ({ valid: true, errors: [], checked: true }),
};

async function setup(
  replies: ScriptedReply[],
  runs: Parameters<typeof createFakeRepositoryRunner>[0],
) {
  const snapshot = await readDirectorySnapshot(join(FIXTURE_REPOSITORIES, "python-package"));
  const testCommand = detectTestCommand(snapshot);
  if (!testCommand) throw new Error("the fixture has tests");
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  const repositoryRunner = createFakeRepositoryRunner(runs);
  const events: PipelineEvent[] = [];
  const deps = {
    config: ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } }),
    model,
    executor: createFakeExecutor([]),
    repositoryRunner,
    syntaxChecker: acceptAll,
    classify: () => ({ complexity: "medium" as const }),
    onEvent: (event: PipelineEvent) => events.push(event),
  };
  const repository = {
    snapshot,
    testCommand,
    map: snapshot.files.map((file) => file.path).join("\n"),
  };
  return { deps, repository, model, repositoryRunner, events, snapshot };
}

describe("runTask on a repository", () => {
  it("fixes a change whose new test fails, from the repository's report, and returns the diff", async () => {
    const { deps, repository, model, repositoryRunner, events } = await setup(
      [plan, change(BUGGY), review([{ path: "textkit/durations.py", content: FIXED }])],
      [
        { tests: BASELINE },
        {
          exitCode: 1,
          stdout: "F..\n",
          tests: [
            ...BASELINE,
            failed("tests/test_clock.py", "test_clock", "assert '61:01' == '1:01:01'"),
          ],
        },
        { tests: [...BASELINE, passed("tests/test_clock.py", "test_clock")] },
      ],
    );

    const result = await runTask(deps, { prompt: TASK, repository });

    expect(result).toMatchObject({ status: "completed", retryCount: 1, stopReason: "completed" });
    expect(repositoryRunner.specs).toHaveLength(3);
    const tested = repositoryRunner.specs[2]?.snapshot;
    expect(tested && snapshotFile(tested, "textkit/durations.py")?.content).toBe(FIXED);
    expect(tested && snapshotFile(tested, "tests/test_clock.py")?.content).toContain(
      "def test_clock",
    );
    expect(snapshotFile(repository.snapshot, "textkit/durations.py")?.content).toContain(
      "parse_duration",
    );
    const plannerPrompt = model.requests[0]?.prompt ?? "";
    expect(plannerPrompt).toContain("tests/test_durations.py");
    const coderPrompt = model.requests[1]?.prompt ?? "";
    expect(coderPrompt).toContain("def parse_duration");
    const reviewerPrompt = model.requests[2]?.prompt ?? "";
    expect(reviewerPrompt.indexOf("FAILED tests/test_clock.py::test_clock")).toBeLessThan(
      reviewerPrompt.indexOf("Output (exit code 1)"),
    );
    expect(result.repository?.diff.files.map((file) => file.path)).toEqual([
      "tests/test_clock.py",
      "textkit/durations.py",
    ]);
    expect(result.finalCode).toContain("+++ b/textkit/durations.py");
    expect(result.repository?.baseline).toMatchObject({ passed: true, tests: 2 });
    expect(events.map((event) => event.type)).toContain("baseline.completed");
  });

  it("records the base commit, the diff and its stats with the task", async () => {
    const store = await createTestStore();
    try {
      const { deps, repository } = await setup(
        [plan, change(FIXED)],
        [
          { tests: BASELINE },
          { tests: [...BASELINE, passed("tests/test_clock.py", "test_clock")] },
        ],
      );

      const result = await runTask(
        { ...deps, store: store.tasks },
        {
          prompt: TASK,
          repository: { ...repository, baseCommit: "0123abc" },
          repo: "octo/textkit",
        },
      );

      const row = await store.tasks.get(result.taskId);
      expect(row).toMatchObject({
        status: "completed",
        repo: "octo/textkit",
        baseCommit: "0123abc",
      });
      expect(row?.diff).toBe(result.repository?.diff.patch);
      expect(row?.diff).toContain("+def format_clock");
      expect(row?.diffStats).toMatchObject({
        files: [
          { path: "tests/test_clock.py", status: "added" },
          { path: "textkit/durations.py", status: "modified" },
        ],
      });
    } finally {
      await store.close();
    }
  });

  it("does not pass a run whose exit code is 0 but whose report shows the new test did not run", async () => {
    const { deps, repository } = await setup(
      [plan, change(FIXED)],
      [{ tests: BASELINE }, { exitCode: 0, stdout: "3 passed\n", tests: BASELINE }],
    );

    const result = await runTask(
      { ...deps, config: ConfigSchema.parse({ repair: { maxRetries: 0 } }) },
      { prompt: TASK, repository },
    );

    expect(result.status).toBe("failed");
    expect(result.errorMessage).toContain("tests/test_clock.py: none of its tests ran");
  });

  it("does not pass a run whose runner wrote no report, whatever it printed", async () => {
    const { deps, repository } = await setup(
      [plan, change(FIXED)],
      [
        { tests: BASELINE },
        { exitCode: 0, stdout: "===== 3 passed in 0.01s =====\n", tests: null },
      ],
    );

    const result = await runTask(
      { ...deps, config: ConfigSchema.parse({ repair: { maxRetries: 0 } }) },
      { prompt: TASK, repository },
    );

    expect(result.status).toBe("failed");
    expect(result.errorMessage).toContain("no report");
  });

  it("refuses a change to a workflow file, asking once more, then fails without running it", async () => {
    const workflow: ScriptedReply = {
      object: {
        changes: [{ path: ".github/workflows/ci.yml", content: "on: push\n" }],
        explanation: "adds CI",
      },
    };
    const { deps, repository, model, repositoryRunner } = await setup(
      [plan, workflow, workflow],
      [{ tests: BASELINE }],
    );

    const result = await runTask(deps, { prompt: TASK, repository });

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("error");
    expect(model.requests[2]?.prompt).toContain("which the operator does not allow changing");
    expect(repositoryRunner.specs).toHaveLength(1);
  });

  it("with a failing baseline, passes when no new test fails and the new test passes", async () => {
    const broken = failed("tests/test_slug.py", "test_slugify", "old bug");
    const { deps, repository } = await setup(
      [plan, change(FIXED)],
      [
        { exitCode: 1, tests: [BASELINE[0] as TestCaseResult, broken] },
        {
          exitCode: 1,
          tests: [
            BASELINE[0] as TestCaseResult,
            broken,
            passed("tests/test_clock.py", "test_clock"),
          ],
        },
      ],
    );

    const result = await runTask(deps, { prompt: TASK, repository });

    expect(result.status).toBe("completed");
    expect(result.repository?.baseline).toMatchObject({
      passed: false,
      failing: ["tests/test_slug.py::test_slugify"],
    });
  });

  it("runs every test run on the setup of the base snapshot, never on the agent's changes", async () => {
    const { deps, snapshot, repositoryRunner } = await setup(
      [plan, change(FIXED)],
      [{ tests: BASELINE }, { tests: [...BASELINE, passed("tests/test_clock.py", "test_clock")] }],
    );
    const repository = prepareRepositoryTask(snapshot, {
      prompt: TASK,
      config: ConfigSchema.parse({ repository: { setup: "pip install -e ." } }),
    });

    const result = await runTask(deps, { prompt: TASK, repository });

    expect(result.status).toBe("completed");
    expect(repositoryRunner.specs.map((spec) => spec.setup)).toEqual([
      { command: "pip install -e .", snapshot },
      { command: "pip install -e .", snapshot },
    ]);
    const tested = repositoryRunner.specs[1]?.snapshot;
    expect(tested && snapshotFile(tested, "tests/test_clock.py")).toBeDefined();
    expect(snapshotFile(snapshot, "tests/test_clock.py")).toBeUndefined();
  });

  it("passes no setup when the repository names none", async () => {
    const { deps, snapshot, repositoryRunner } = await setup(
      [plan, change(FIXED)],
      [{ tests: BASELINE }, { tests: [...BASELINE, passed("tests/test_clock.py", "test_clock")] }],
    );
    const repository = prepareRepositoryTask(snapshot, {
      prompt: TASK,
      config: ConfigSchema.parse({}),
    });

    await runTask(deps, { prompt: TASK, repository });

    expect(repositoryRunner.specs[0]).not.toHaveProperty("setup");
  });

  it("stops with the setup's own message when the setup fails, before any model call", async () => {
    const message =
      "repository.setup `pip install -e .` failed (exit 1): the sandbox's engine could not reach the package registry";
    const { deps, repository, model } = await setup(
      [plan],
      [
        () => {
          throw new SandboxError(message, { code: "setup_failed" });
        },
      ],
    );

    const result = await runTask(deps, {
      prompt: TASK,
      repository: { ...repository, setup: "pip install -e ." },
    });

    expect(result).toMatchObject({ status: "failed", stopReason: "error" });
    expect(result.errorMessage).toContain(message);
    expect(model.requests).toHaveLength(0);
  });
});
