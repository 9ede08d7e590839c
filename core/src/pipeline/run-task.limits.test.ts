import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../config/index.js";
import { UsageError } from "../errors/index.js";
import { createTestStore } from "../store/create-test-store.js";
import { createFakeExecutor } from "../testing/fake-executor.js";
import { passingRun } from "../testing/passing-run.js";
import { createScriptedModel } from "../testing/scripted-model.js";
import type { PipelineEvent } from "./pipeline-events.js";
import { runTask } from "./run-task.js";

const KEY = "sk-canary0123456789abcdefCANARY";
const acceptAll = { check: async () => ({ valid: true, errors: [], checked: true }) };
const MAIN =
  '\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';

describe("runTask's limits on what goes in and out", () => {
  it("refuses a prompt over budgets.maxPromptBytes before any model call or row", async () => {
    const model = createScriptedModel([]);
    const store = await createTestStore();
    try {
      const running = runTask(
        {
          config: ConfigSchema.parse({ budgets: { maxPromptBytes: 1024 } }),
          model,
          executor: createFakeExecutor([]),
          store: store.tasks,
        },
        { prompt: `Write add(a, b). ${"x".repeat(1100)}` },
      );

      await expect(running).rejects.toThrow(UsageError);
      await expect(running).rejects.toThrow(
        /over the limit of 1\.0 KB.*CODEFORGE_MAX_PROMPT_BYTES/,
      );
      expect(model.requests).toHaveLength(0);
      expect((await store.tasks.list({})).total).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("keeps a configured key that reached the code or the output out of events, rows and the result", async () => {
    const store = await createTestStore();
    try {
      const code = `def add(a: int, b: int) -> int:\n    """Uses ${KEY}."""\n    return a + b\n${MAIN}`;
      const events: PipelineEvent[] = [];
      const result = await runTask(
        {
          config: ConfigSchema.parse({ providers: { openai: { apiKey: KEY } } }),
          model: createScriptedModel(
            [
              {
                object: {
                  code,
                  tests: "assert add(2, 3) == 5",
                  imports: [],
                  explanation: `key ${KEY}`,
                },
              },
            ],
            { id: "openai/gpt-4o-mini" },
          ),
          executor: createFakeExecutor([passingRun(`5 ${KEY}\n`)]),
          syntaxChecker: acceptAll,
          classify: () => ({ complexity: "simple" }),
          store: store.tasks,
          onEvent: (event) => events.push(event),
        },
        { prompt: "Write add(a, b) returning the sum." },
      );

      expect(result.status).toBe("completed");
      expect(JSON.stringify(result)).not.toContain(KEY);
      expect(JSON.stringify(events)).not.toContain(KEY);
      expect(JSON.stringify(await store.tasks.get(result.taskId))).not.toContain(KEY);
      expect(result.finalOutput).toContain("[REDACTED]");
    } finally {
      await store.close();
    }
  });
});
