import { describe, expect, it } from "vitest";
import { createFakeExecutor } from "../testing/fake-executor.js";
import { createSandboxSyntaxChecker } from "./syntax-checker.js";

describe("createSandboxSyntaxChecker", () => {
  it("sends the sources as JSON on stdin to a parser program and reads its verdict", async () => {
    const executor = createFakeExecutor([{ stdout: '["code, line 1: invalid syntax"]\n' }]);
    const checker = createSandboxSyntaxChecker(executor);

    const result = await checker.check("python", { code: "def (" });

    expect(result).toEqual({
      valid: false,
      errors: ["code, line 1: invalid syntax"],
      checked: true,
    });
    expect(executor.specs[0]?.code).toContain("ast.parse");
    expect(JSON.parse(executor.specs[0]?.stdin ?? "")).toEqual({ code: "def (" });
  });

  it("treats a check that could not run as unchecked rather than blocking the task", async () => {
    const executor = createFakeExecutor([{ exitCode: 137, timedOut: true }]);

    const result = await createSandboxSyntaxChecker(executor).check("node", { code: "x" });

    expect(result).toEqual({ valid: true, errors: [], checked: false });
  });
});
