import { describe, expect, it } from "vitest";
import { SandboxError } from "../errors/index.js";
import { passingRun } from "../testing/passing-run.js";
import { runTask } from "./run-task.js";
import {
  BUGGY,
  coded,
  FAILURE,
  FIXED,
  reviewed,
  setup,
  TASK,
} from "./test-support/run-task-fixtures.js";

describe("runTask re-asks and what the agents see", () => {
  it("re-asks the planner once with the validation problems of an invalid plan", async () => {
    const invalidPlan = {
      reasoning: "two steps",
      subtasks: [
        { id: 1, description: "helper", dependencies: [2], estimated_complexity: "simple" },
        { id: 2, description: "program", dependencies: [], estimated_complexity: "simple" },
      ],
    };
    const validPlan = {
      reasoning: "two steps",
      subtasks: [
        { id: 1, description: "helper", dependencies: [], estimated_complexity: "simple" },
        { id: 2, description: "program", dependencies: [1], estimated_complexity: "simple" },
      ],
    };
    const { model, deps } = setup(
      [
        { object: invalidPlan },
        { object: validPlan },
        coded(FIXED, ""),
        coded(
          'def main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n',
        ),
      ],
      [passingRun("5\n")],
    );

    const result = await runTask(
      { ...deps, classify: () => ({ complexity: "medium" }) },
      { prompt: TASK },
    );

    expect(result.status).toBe("completed");
    expect(result.plan).toEqual(validPlan);
    const reAsk = model.requests[1]?.request.messages ?? [];
    expect(reAsk).toHaveLength(3);
    expect(reAsk[2]?.content).toContain("subtask 1 depends on later subtask 2");
    const stepTwo = model.requests[3]?.prompt ?? "";
    expect(stepTwo).toContain("Write step 2 of 2");
    expect(stepTwo).toContain("return a + b");
    expect(result.finalCode).toContain("def add");
    expect(result.finalCode?.match(/__main__/g)).toHaveLength(1);
  });

  it("re-asks the reviewer once when its output is invalid", async () => {
    const { model, deps } = setup(
      [coded(BUGGY), { text: '{"root_cause": "sign", "confidence": 3}' }, reviewed(FIXED, 0.9)],
      [FAILURE, passingRun("ok\n")],
    );

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("completed");
    const reAsk = model.requests[2]?.request.messages.at(-1)?.content ?? "";
    expect(reAsk).toContain("confidence");
    expect(reAsk).toContain("fixed_code");
  });

  it("records a failed task when the model keeps answering invalid output", async () => {
    const { deps } = setup([{ text: "not json" }, { text: "still not json" }], []);

    const result = await runTask(deps, { prompt: TASK });

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("error");
    expect(result.errorMessage).toContain("ModelOutputError while coding");
    expect(result.fault).toBe("model_output");
  });

  it("calls a fault of the infrastructure by its name, which a queue may try again", async () => {
    const { deps } = setup([coded(FIXED)], []);
    const broken = {
      run: async () => {
        throw new SandboxError("the Docker engine did not answer", { code: "daemon_unreachable" });
      },
    };

    const result = await runTask({ ...deps, executor: broken }, { prompt: TASK });

    expect(result.stopReason).toBe("error");
    expect(result.errorMessage).toContain("SandboxError while executing");
    expect(result.fault).toBe("infrastructure");
  });

  it("never shows a benchmark's hidden tests to any agent", async () => {
    const hidden = "assert add(-7, 1000003) == 999996";
    const { model, deps } = setup(
      [coded(BUGGY), reviewed(FIXED, 0.9)],
      [FAILURE, passingRun("ok\n")],
    );

    // A benchmark problem carries hidden tests beside its prompt; only the prompt may travel.
    const problem = {
      prompt: TASK,
      source: "benchmark" as const,
      test: hidden,
      hiddenTests: [hidden],
    };

    await runTask(deps, problem);

    expect(model.requests.length).toBeGreaterThan(1);
    for (const request of model.requests) expect(request.prompt).not.toContain(hidden);
  });
});
