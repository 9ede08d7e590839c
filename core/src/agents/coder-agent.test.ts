import { describe, expect, it } from "vitest";
import { createScriptedModel } from "../testing/scripted-model.js";
import { runCoder } from "./coder-agent.js";
import { singleStepPlan } from "./plan.js";
import type { SyntaxChecker } from "./syntax-checker.js";

const plan = singleStepPlan("Plot a sine wave");
const subtask = plan.subtasks[0] as (typeof plan.subtasks)[number];
const checked: Array<Record<string, string>> = [];
const syntax: SyntaxChecker = {
  check: async (_language, sources) => {
    checked.push({ ...sources });
    return sources.code?.includes("def (")
      ? { valid: false, errors: ["code, line 1: invalid syntax"], checked: true }
      : { valid: true, errors: [], checked: true };
  },
};
const segment = (code: string, imports: string[] = []) => ({
  object: { code, tests: "assert True", imports, explanation: "" },
});

describe("runCoder", () => {
  it("re-asks once when the code imports or declares a package the sandbox lacks", async () => {
    const model = createScriptedModel([
      segment("import torch\nx = 1\n", ["torch", "math"]),
      segment("import math\nx = math.pi\n", ["math"]),
    ]);

    const { value, calls } = await runCoder({
      model,
      task: "Plot a sine wave",
      language: "python",
      plan,
      subtask,
      priorCode: "",
      syntaxChecker: syntax,
    });

    expect(value.code).toContain("math.pi");
    expect(calls).toHaveLength(2);
    const reAsk = model.requests[1]?.request.messages.at(-1)?.content ?? "";
    expect(reAsk).toContain("imports lists torch, which the sandbox does not have");
    expect(reAsk).toContain("code imports torch");
  });

  it("re-asks with the parser's message on a syntax error, and says so for empty code", async () => {
    const model = createScriptedModel([segment("def (\n"), segment("   "), segment("x = 1\n")]);
    const options = {
      model,
      task: "t",
      language: "python" as const,
      plan,
      subtask,
      priorCode: "",
      syntaxChecker: syntax,
    };

    await expect(runCoder(options)).rejects.toThrow(/code is empty/);
    expect(model.requests[1]?.prompt).toContain("syntax error in code, line 1: invalid syntax");
    expect(checked.at(-1)).toEqual({ code: "def (\n", tests: "assert True" });
  });
});
