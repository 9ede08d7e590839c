import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../config/index.js";
import { createTestStore } from "../../store/create-test-store.js";
import type { ScriptedReply } from "../../testing/scripted-model.js";
import { snapshotFile, type TestCaseResult } from "../../workspace/index.js";
import { runTask } from "../run-task.js";
import {
  BASELINE,
  BUGGY,
  change,
  FIXED,
  failed,
  passed,
  plan,
  review,
  setup,
  TASK,
} from "./test-support/repository-task-fixtures.js";

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

  it("asks the coder once more when it changes code without a test, and takes the tested answer", async () => {
    const untested: ScriptedReply = {
      object: {
        changes: [{ path: "textkit/durations.py", content: FIXED }],
        explanation: "adds format_clock",
      },
    };
    const { deps, repository, model } = await setup(
      [plan, untested, change(FIXED)],
      [{ tests: BASELINE }, { tests: [...BASELINE, passed("tests/test_clock.py", "test_clock")] }],
    );

    const result = await runTask(deps, { prompt: TASK, repository });

    expect(result.status).toBe("completed");
    expect(model.requests[2]?.prompt).toContain(
      "the change edits textkit/durations.py but adds or changes no test",
    );
  });
});
