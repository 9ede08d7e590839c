import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../config/index.js";
import { SandboxError } from "../../errors/index.js";
import { snapshotFile } from "../../workspace/index.js";
import { runTask } from "../run-task.js";
import { prepareRepositoryTask } from "./prepare-repository-task.js";
import {
  BASELINE,
  change,
  FIXED,
  passed,
  plan,
  setup,
  TASK,
} from "./test-support/repository-task-fixtures.js";

describe("runTask on a repository with a setup step", () => {
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
