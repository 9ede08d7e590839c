import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../config/index.js";
import { createRouter } from "../llm/routing/index.js";
import { createLogger } from "../logging/index.js";
import { createFakeExecutor } from "../testing/fake-executor.js";
import { passingRun } from "../testing/passing-run.js";
import { createScriptedModel } from "../testing/scripted-model.js";
import { runTask } from "./run-task.js";

const TASK = "Write a function add(a, b) that returns the sum of two integers.";
const CODE =
  'def add(a: int, b: int) -> int:\n    return a + b\n\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';

function captureLogger() {
  let text = "";
  const logger = createLogger({
    level: "debug",
    format: "json",
    destination: { write: (chunk: string) => (text += chunk) },
  });
  const lines = () =>
    text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

function setup() {
  const config = ConfigSchema.parse({
    providers: { openai: { apiKey: "sk-test-key-for-routing" } },
    repair: { backoffBaseSeconds: 0 },
  });
  const model = createScriptedModel(
    [{ object: { code: CODE, tests: "assert add(2, 3) == 5", imports: [], explanation: "adds" } }],
    { id: "openai/gpt-4o-mini" },
  );
  // The routing layer's own router, so its decision line goes through the task's logger.
  const router = createRouter({
    config,
    createModel: () => model,
    isOllamaReachable: async () => false,
  });
  const executor = createFakeExecutor([passingRun("ok\n")]);
  const syntaxChecker = {
    check: async () => ({ valid: true, errors: [], checked: false, reason: "no verdict" }),
  };
  return { config, router, executor, syntaxChecker };
}

describe("runTask's logging", () => {
  it("puts the task id and the given correlation id on the pipeline's, the router's and the syntax check's lines", async () => {
    const { logger, lines } = captureLogger();

    const result = await runTask(
      { ...setup(), logger },
      { prompt: TASK, correlationId: "delivery-42" },
    );

    const logged = lines();
    expect(result.status).toBe("completed");
    expect(logged.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("falls back to openai/gpt-4o-mini"),
        "the syntax check reached no verdict; the code runs unchecked",
        "task finished",
      ]),
    );
    for (const line of logged) {
      expect(line).toMatchObject({ taskId: result.taskId, correlationId: "delivery-42" });
    }
  });

  it("generates one correlation id per task when none is given", async () => {
    const { logger, lines } = captureLogger();

    const first = await runTask({ ...setup(), logger }, { prompt: TASK });
    const second = await runTask({ ...setup(), logger }, { prompt: TASK });

    const ids = (taskId: string) =>
      new Set(lines().flatMap((line) => (line.taskId === taskId ? [line.correlationId] : [])));
    const [firstIds, secondIds] = [ids(first.taskId), ids(second.taskId)];
    expect(firstIds.size).toBe(1);
    expect(secondIds.size).toBe(1);
    expect([...firstIds][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect([...firstIds][0]).not.toBe([...secondIds][0]);
    expect(lines().every((line) => typeof line.taskId === "string")).toBe(true);
  });
});
