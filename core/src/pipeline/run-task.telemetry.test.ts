import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../config/index.js";
import type { CodeForgeMetrics } from "../telemetry/index.js";
import { createFakeExecutor } from "../testing/fake-executor.js";
import { passingRun } from "../testing/passing-run.js";
import { createScriptedModel } from "../testing/scripted-model.js";
import { runTask } from "./run-task.js";

const spans = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
// Registering installs the async context manager that nests a step's span under the task's.
provider.register();
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

function recordingMetrics() {
  const recorded: string[] = [];
  const metrics: CodeForgeMetrics = {
    countTask: (status) => recorded.push(`task ${status}`),
    recordTaskDuration: (_ms, status) => recorded.push(`task duration ${status}`),
    recordAgentDuration: (agent) => recorded.push(`agent ${agent}`),
    recordLlmUsage: (usage) =>
      recorded.push(
        `llm ${usage.agent} ${usage.model} ${usage.inputTokens > 0 ? "tokens" : "none"}`,
      ),
    countRepairAttempt: (outcome) => recorded.push(`repair ${outcome}`),
    recordSandboxExecution: (_ms, attributes) =>
      recorded.push(`sandbox ${attributes.language} ${attributes.outcome}`),
  };
  return { metrics, recorded };
}

describe("runTask telemetry", () => {
  it("traces the task, each agent step and each sandbox run, and records the seed's metrics", async () => {
    const { metrics, recorded } = recordingMetrics();
    const model = createScriptedModel(
      [
        {
          object: {
            code: 'def f() -> int:\n    return 0\n\n\ndef main() -> None:\n    print(f())\n\n\nif __name__ == "__main__":\n    main()\n',
            tests: "assert f() == 1",
            imports: [],
            explanation: "",
          },
        },
        {
          object: {
            root_cause: "returns 0",
            error_type: "logic_error",
            fix_description: "return 1",
            fixed_code:
              'def f() -> int:\n    return 1\n\n\ndef main() -> None:\n    print(f())\n\n\nif __name__ == "__main__":\n    main()\n',
            fixed_tests: null,
            confidence: 0.9,
            changes_made: [],
          },
        },
      ],
      { id: "openai/gpt-4o-mini" },
    );

    const result = await runTask(
      {
        config: ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } }),
        model,
        executor: createFakeExecutor([
          { exitCode: 1, stderr: "AssertionError\n" },
          passingRun("ok\n"),
        ]),
        syntaxChecker: { check: async () => ({ valid: true, errors: [], checked: true }) },
        classify: () => ({ complexity: "simple" }),
        telemetry: { tracer: provider.getTracer("test"), metrics },
      },
      { prompt: "Write f() returning 1." },
    );

    const finished = spans.getFinishedSpans();
    expect(finished.map((span) => span.name)).toEqual([
      "codeforge.agent.coder",
      "codeforge.sandbox.run",
      "codeforge.agent.reviewer",
      "codeforge.sandbox.run",
      "codeforge.task",
    ]);
    const root = finished.at(-1);
    expect(root?.attributes).toMatchObject({
      "codeforge.task.id": result.taskId,
      "codeforge.task.status": "completed",
      "codeforge.task.retries": 1,
      "codeforge.task.model": "openai/gpt-4o-mini",
    });
    const rootId = root?.spanContext().spanId;
    expect(finished.slice(0, -1).every((span) => span.parentSpanContext?.spanId === rootId)).toBe(
      true,
    );
    expect(recorded).toEqual([
      "agent coder",
      "llm coder openai/gpt-4o-mini tokens",
      "sandbox python failed",
      "agent reviewer",
      "llm reviewer openai/gpt-4o-mini tokens",
      "sandbox python passed",
      "repair fixed",
      "task completed",
      "task duration completed",
    ]);
  });
});
