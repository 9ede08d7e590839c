import { ConfigSchema, runTask, TESTS_PASSED_MARKER } from "@codeforge/core";
import { createScriptedModel } from "@codeforge/core/testing";
import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import {
  BUGGY_MEDIAN,
  codedMedian,
  FIXED_MEDIAN,
  MEDIAN_TASK,
  reviewedMedian,
} from "../test-support/median-task.js";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";
import { checkSandboxReady } from "./check-sandbox-ready.js";

const config = ConfigSchema.parse({
  repair: { backoffBaseSeconds: 0 },
  sandbox: { memoryMb: 256, timeoutSeconds: 20 },
});
const executor = createDockerExecutor({ docker: new Docker(), config: config.sandbox });
const sandbox = await requireSandboxImage(executor, config.sandbox);

const nodeImage = await requireSandboxImage(executor, config.sandbox, "node");

describe.skipIf(!sandbox.available)(`runTask on the real sandbox ${sandbox.reason}`, () => {
  it("completes at retry 0 when the program and its tests pass", async () => {
    const model = createScriptedModel([codedMedian(FIXED_MEDIAN)], { id: "openai/gpt-4o-mini" });
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
      { prompt: MEDIAN_TASK },
    );

    expect(result.status).toBe("completed");
    expect(result.retryCount).toBe(0);
    expect(result.finalOutput).toContain("3.0");
    expect(result.finalOutput).toContain(TESTS_PASSED_MARKER);
    expect(output.join("")).toContain(TESTS_PASSED_MARKER);
  });

  it("diagnoses a real failing run and passes after one repair", async () => {
    const model = createScriptedModel([codedMedian(BUGGY_MEDIAN), reviewedMedian(FIXED_MEDIAN)], {
      id: "openai/gpt-4o-mini",
    });

    const result = await runTask(
      { config, model, executor, classify: () => ({ complexity: "simple" }) },
      { prompt: MEDIAN_TASK },
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
    const model = createScriptedModel([codedMedian(BUGGY_MEDIAN), reviewedMedian(BUGGY_MEDIAN)], {
      id: "openai/gpt-4o-mini",
    });

    const result = await runTask(
      {
        config: { ...config, repair: { ...config.repair, maxRetries: 1 } },
        model,
        executor,
        classify: () => ({ complexity: "simple" }),
      },
      { prompt: MEDIAN_TASK },
    );

    expect(result.status).toBe("failed");
    expect(result.stopReason).toBe("retries_exhausted");
    expect(result.retryCount).toBe(1);
    expect(result.errorMessage).toMatch(/attempt 2: exit code 1: AssertionError/);
  });

  it("re-asks the coder with CPython's syntax error before anything runs", async () => {
    const model = createScriptedModel(
      [
        codedMedian("def median(values: list[float]) -> float\n    return 0\n"),
        codedMedian(FIXED_MEDIAN),
      ],
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
      { prompt: MEDIAN_TASK },
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
          reviewedMedian(fixed),
        ],
        { id: "openai/gpt-4o-mini" },
      );

      const result = await runTask(
        { config, model, executor, classify: () => ({ complexity: "simple" }) },
        { prompt: `${MEDIAN_TASK} (in JavaScript)`, language: "node" },
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
