import { ConfigSchema, runTask, TESTS_PASSED_MARKER } from "@codeforge/core";
import { createScriptedModel, requireService, type ScriptedReply } from "@codeforge/core/testing";
import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { checkSandboxReady } from "./run-wiring.js";

const config = ConfigSchema.parse({
  repair: { backoffBaseSeconds: 0 },
  sandbox: { memoryMb: 256, timeoutSeconds: 20 },
});
const executor = createDockerExecutor({ config: config.sandbox });
const sandbox = await requireService(
  `Docker sandbox image ${config.sandbox.pythonImage}`,
  async () => {
    const result = await executor.run({ language: "python", code: "print(1)", timeoutMs: 20_000 });
    if (result.exitCode !== 0)
      throw new Error(`a trivial program exited ${result.exitCode}: ${result.stderr}`);
  },
);

const nodeImage = await requireService(
  `Docker sandbox image ${config.sandbox.nodeImage}`,
  async () => {
    const result = await executor.run({
      language: "node",
      code: "console.log(1)",
      timeoutMs: 20_000,
    });
    if (result.exitCode !== 0)
      throw new Error(`a trivial program exited ${result.exitCode}: ${result.stderr}`);
  },
);

const TASK =
  "Write a function median(values: list[float]) -> float returning the median. Example: median([3, 1, 2]) == 2; median([1, 2, 3, 4]) == 2.5";
const TESTS = "assert median([3, 1, 2]) == 2\nassert median([1, 2, 3, 4]) == 2.5";
const BUGGY = `def median(values: list[float]) -> float:
    """The median of the values."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main() -> None:
    print(median([5, 1, 4, 2]))


if __name__ == "__main__":
    main()
`;
const FIXED = BUGGY.replace(
  "    return ordered[len(ordered) // 2]",
  "    middle = len(ordered) // 2\n    if len(ordered) % 2 == 0:\n        return (ordered[middle - 1] + ordered[middle]) / 2\n    return ordered[middle]",
);

const coded = (code: string): ScriptedReply => ({
  object: { code, tests: TESTS, imports: [], explanation: "sorts and picks the middle" },
});
const reviewed = (fixed: string, confidence = 0.9): ScriptedReply => ({
  object: {
    root_cause: "even-length lists need the mean of the two middle values",
    error_type: "logic_error",
    fix_description: "average the two middle values when the length is even",
    fixed_code: fixed,
    fixed_tests: null,
    confidence,
    changes_made: ["handle even lengths"],
  },
});

describe.skipIf(!sandbox.available)(`runTask on the real sandbox ${sandbox.reason}`, () => {
  it("completes at retry 0 when the program and its tests pass", async () => {
    const model = createScriptedModel([coded(FIXED)], { id: "openai/gpt-4o-mini" });
    const output: string[] = [];

    const result = await runTask(
      {
        config,
        model,
        executor,
        classify: () => ({ complexity: "simple" }),
        onEvent: (event) => {
          if (event.type === "execution.output") output.push(event.chunk);
        },
      },
      { prompt: TASK },
    );

    expect(result.status).toBe("completed");
    expect(result.retryCount).toBe(0);
    expect(result.finalOutput).toContain("3.0");
    expect(result.finalOutput).toContain(TESTS_PASSED_MARKER);
    expect(output.join("")).toContain(TESTS_PASSED_MARKER);
  });

  it("diagnoses a real failing run and passes after one repair", async () => {
    const model = createScriptedModel([coded(BUGGY), reviewed(FIXED)], {
      id: "openai/gpt-4o-mini",
    });

    const result = await runTask(
      { config, model, executor, classify: () => ({ complexity: "simple" }) },
      { prompt: TASK },
    );

    expect(result.status).toBe("completed");
    expect(result.retryCount).toBe(1);
    expect(result.attempts[0]?.execution.exitCode).toBe(1);
    expect(result.attempts[0]?.execution.stderr).toContain("AssertionError");
    const reviewerPrompt = model.requests[1]?.prompt ?? "";
    expect(reviewerPrompt).toContain("Traceback (most recent call last)");
    expect(reviewerPrompt).toContain("AssertionError");
  });

  it("fails with retryCount = maxRetries when the repairs keep failing", async () => {
    const model = createScriptedModel([coded(BUGGY), reviewed(BUGGY)], {
      id: "openai/gpt-4o-mini",
    });

    const result = await runTask(
      {
        config: { ...config, repair: { ...config.repair, maxRetries: 1 } },
        model,
        executor,
        classify: () => ({ complexity: "simple" }),
      },
      { prompt: TASK },
    );

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("retries_exhausted");
    expect(result.retryCount).toBe(1);
    expect(result.errorMessage).toMatch(/attempt 2: exit code 1: AssertionError/);
  });

  it("re-asks the coder with CPython's syntax error before anything runs", async () => {
    const model = createScriptedModel(
      [coded("def median(values: list[float]) -> float\n    return 0\n"), coded(FIXED)],
      { id: "openai/gpt-4o-mini" },
    );

    const warnings: object[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (fields: object) => warnings.push(fields),
      error: () => undefined,
    };

    const result = await runTask(
      { config, model, executor, logger, classify: () => ({ complexity: "simple" }) },
      { prompt: TASK },
    );

    // A check that reaches no verdict says why here, before the status assertion hides it.
    expect(warnings).toEqual([]);
    expect(result.status).toBe("completed");
    expect(result.attempts).toHaveLength(1);
    expect(model.requests[1]?.prompt).toMatch(/syntax error in code, line 1: expected ':'/);
  });

  it.skipIf(!nodeImage.available)(
    `runs a JavaScript task in the Node image and repairs it ${nodeImage.reason}`,
    async () => {
      const buggy = [
        "function median(values) {",
        "  const ordered = [...values].sort((a, b) => a - b);",
        "  return ordered[Math.floor(ordered.length / 2)];",
        "}",
        "console.log(median([5, 1, 4, 2]));",
      ].join("\n");
      const fixed = buggy.replace(
        "  return ordered[Math.floor(ordered.length / 2)];",
        "  const middle = Math.floor(ordered.length / 2);\n  return ordered.length % 2 === 0 ? (ordered[middle - 1] + ordered[middle]) / 2 : ordered[middle];",
      );
      const tests = [
        'const assert = require("node:assert");',
        "assert.strictEqual(median([3, 1, 2]), 2);",
        "assert.strictEqual(median([1, 2, 3, 4]), 2.5);",
      ].join("\n");
      const model = createScriptedModel(
        [
          { object: { code: buggy, tests, imports: [], explanation: "sorts and picks" } },
          reviewed(fixed),
        ],
        { id: "openai/gpt-4o-mini" },
      );

      const result = await runTask(
        { config, model, executor, classify: () => ({ complexity: "simple" }) },
        { prompt: `${TASK} (in JavaScript)`, language: "node" },
      );

      expect(result.status).toBe("completed");
      expect(result.retryCount).toBe(1);
      expect(result.attempts[0]?.execution.stderr).toContain("AssertionError");
      expect(result.finalOutput).toContain(TESTS_PASSED_MARKER);
    },
  );

  it("passes the preflight on this engine, and names the build command for a missing image", async () => {
    const docker = new Docker();
    await checkSandboxReady(docker, config, "python");

    const missing = ConfigSchema.parse({ sandbox: { pythonImage: "codeforge/no-such-image:0" } });
    const failing = checkSandboxReady(docker, missing, "python");

    await expect(failing).rejects.toMatchObject({ code: "image_missing" });
    await expect(failing).rejects.toThrow(/codeforge sandbox image build/);
  });
});
