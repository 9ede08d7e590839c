import { ConfigSchema, type PipelineEvent, runTask } from "@codeforge/core";
import { createFakeExecutor, createScriptedModel, passingRun } from "@codeforge/core/testing";
import { describe, expect, it } from "vitest";
import { captureContext } from "../test-support/capture-context.js";
import { createProgressRenderer } from "./progress-renderer.js";

const MAIN =
  '\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';
const BUGGY = `def add(a: int, b: int) -> int:\n    return a - b\n${MAIN}`;
const FIXED = `def add(a: int, b: int) -> int:\n    return a + b\n${MAIN}`;

async function renderRun(tty: boolean): Promise<string> {
  const context = captureContext();
  const render = createProgressRenderer({ stream: context.stdout, tty });
  const model = createScriptedModel(
    [
      { object: { code: BUGGY, tests: "assert add(2, 3) == 5", imports: [], explanation: "adds" } },
      {
        object: {
          root_cause: "subtracts instead of adding",
          error_type: "logic_error",
          fix_description: "use +",
          fixed_code: FIXED,
          fixed_tests: null,
          confidence: 0.85,
          changes_made: ["- to +"],
        },
      },
    ],
    { id: "openai/gpt-4o-mini" },
  );
  const executor = createFakeExecutor([
    { exitCode: 1, stdout: "partial", stderr: "Traceback\nAssertionError\n", durationMs: 800 },
    passingRun("5\ncodeforge: tests passed\n", { durationMs: 700 }),
  ]);
  await runTask(
    {
      config: ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } }),
      model,
      executor,
      syntaxChecker: { check: async () => ({ valid: true, errors: [], checked: true }) },
      classify: () => ({ complexity: "simple" }),
      onEvent: (event: PipelineEvent) => render(event),
    },
    { prompt: "Write add(a, b)." },
  );
  return context.output();
}

describe("createProgressRenderer", () => {
  it("writes plain lines for a log: steps, streamed output, the repair with its diff, a summary", async () => {
    const output = await renderRun(false);

    expect(output).not.toContain("\u001b[");
    expect(output).toContain("ok code");
    expect(output).toMatch(/ok code\s+\(?.*tokens/);
    expect(output).toContain("    | partial");
    expect(output).toContain("    | AssertionError");
    expect(output).toContain("FAIL run      attempt 1 failed (exit code 1)  800ms");
    expect(output).toContain(
      "fix repair   1: logic_error subtracts instead of adding (confidence 0.85)",
    );
    expect(output).toContain("    -    return a - b");
    expect(output).toContain("    +    return a + b");
    expect(output).toContain("ok run      attempt 2 passed  700ms");
    expect(output).toMatch(
      /ok Completed in .* · 1 repair · [\d,]+ tokens · \$0 · openai\/gpt-4o-mini/,
    );
  });

  it("uses colours and replaces a step's start line on a terminal", async () => {
    const output = await renderRun(true);

    expect(output).toContain("\u001b[1A\u001b[2K");
    expect(output).toContain("✓");
    expect(output).toContain("⟳");
  });
});
