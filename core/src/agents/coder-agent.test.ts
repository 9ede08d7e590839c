import { describe, expect, it } from "vitest";
import { createScriptedModel } from "../testing/scripted-model.js";
import { missingEntryPoint, runCoder } from "./coder-agent.js";
import { type Subtask, singleStepPlan } from "./plan.js";
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
      requireEntryPoint: false,
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
      requireEntryPoint: false,
    };

    await expect(runCoder(options)).rejects.toThrow(/code is empty/);
    expect(model.requests[1]?.prompt).toContain("syntax error in code, line 1: invalid syntax");
    expect(checked.at(-1)).toEqual({ code: "def (\n", tests: "assert True" });
  });

  it("re-asks the integration step for main() and the main guard, not an earlier step", async () => {
    const helper = "def add(a: int, b: int) -> int:\n    return a + b\n";
    const program = `${helper}\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n`;
    const twoSteps = {
      reasoning: "helper, then the program",
      subtasks: [
        { id: 1, description: "add", dependencies: [], estimated_complexity: "simple" as const },
        {
          id: 2,
          description: "program",
          dependencies: [1],
          estimated_complexity: "simple" as const,
        },
      ],
    };
    const model = createScriptedModel([segment(helper), segment(helper), segment(program)]);
    const base = {
      model,
      task: "add",
      language: "python" as const,
      plan: twoSteps,
      priorCode: "",
      syntaxChecker: syntax,
    };

    const first = await runCoder({ ...base, subtask: twoSteps.subtasks[0] as Subtask });
    const last = await runCoder({ ...base, subtask: twoSteps.subtasks[1] as Subtask });

    expect(first.calls).toHaveLength(1);
    expect(last.calls).toHaveLength(2);
    expect(last.value.code).toContain('if __name__ == "__main__":');
    const reAsk = model.requests[2]?.request.messages.at(-1)?.content ?? "";
    expect(reAsk).toContain("must define main()");
    expect(reAsk).toContain('must end with if __name__ == "__main__": main()');
  });
});

describe("missingEntryPoint", () => {
  it("asks Python for def main and the guard, Node for a top-level call or a require.main guard", () => {
    expect(missingEntryPoint("python", "def main():\n    pass\n")).toHaveLength(1);
    expect(missingEntryPoint("python", "if __name__ == '__main__':\n    print(1)\n")).toHaveLength(
      1,
    );
    expect(
      missingEntryPoint(
        "python",
        "async def main():\n    pass\n\nif __name__ == '__main__':\n    run()\n",
      ),
    ).toEqual([]);
    expect(missingEntryPoint("node", "function main() {\n  console.log(1);\n}\n")).toHaveLength(1);
    expect(missingEntryPoint("node", "function main() {}\nmain();\n")).toEqual([]);
    expect(
      missingEntryPoint(
        "node",
        "function main() {}\nif (require.main === module) {\n  main();\n}\n",
      ),
    ).toEqual([]);
    expect(missingEntryPoint("node", "const x = f(1);\n")).toHaveLength(1);
  });
});
