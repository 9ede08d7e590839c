import { describe, expect, it } from "vitest";
import { createScriptedModel } from "../testing/scripted-model.js";
import { runReviewer } from "./reviewer-agent.js";
import type { SyntaxChecker } from "./syntax-checker.js";

const parser: SyntaxChecker = {
  check: async (_language, sources) => {
    const errors = Object.entries(sources)
      .filter(([, source]) => source.includes("def (") || source.includes("assert ("))
      .map(([name]) => `${name}, line 1: invalid syntax`);
    return { valid: errors.length === 0, errors, checked: true };
  },
};

const review = (fields: Record<string, unknown>) => ({
  object: {
    root_cause: "off by one",
    error_type: "logic_error",
    fix_description: "use <=",
    fixed_code: "def f() -> int:\n    return 1\n",
    fixed_tests: null,
    confidence: 0.7,
    changes_made: ["<= instead of <"],
    ...fields,
  },
});

const failure = {
  task: "Write f() returning 1",
  language: "python" as const,
  code: "def f() -> int:\n    return 0\n",
  tests: "assert f() == 1",
  exitCode: 1,
  stdout: "",
  stderr: "AssertionError\n",
  timedOut: false,
  oomKilled: false,
  attempt: 1,
  maxAttempts: 4,
  previousRepairs: [],
  syntaxChecker: parser,
};

describe("runReviewer", () => {
  it("returns a valid diagnosis with the complete fixed program", async () => {
    const model = createScriptedModel([review({})]);

    const { value } = await runReviewer({ ...failure, model });

    expect(value).toMatchObject({ error_type: "logic_error", confidence: 0.7 });
    expect(model.requests[0]?.prompt).toContain("Attempt 1 of 4 failed: exit code 1.");
  });

  it("re-asks when the fixed code or fixed tests do not parse, naming which", async () => {
    const model = createScriptedModel([
      review({ fixed_code: "def (\n", fixed_tests: "assert (" }),
      review({}),
    ]);

    const { value, calls } = await runReviewer({ ...failure, model });

    expect(calls).toHaveLength(2);
    expect(value.fixed_code).toContain("return 1");
    const reAsk = model.requests[1]?.request.messages.at(-1)?.content ?? "";
    expect(reAsk).toContain("syntax error in fixed_code, line 1");
    expect(reAsk).toContain("syntax error in fixed_tests, line 1");
  });

  it("re-asks when confidence is out of range or the fixed code is empty", async () => {
    const model = createScriptedModel([review({ confidence: 1.5 }), review({ fixed_code: "" })]);

    await expect(runReviewer({ ...failure, model })).rejects.toThrow(
      /fixed_code is empty: return the complete fixed program/,
    );
    expect(model.requests[1]?.prompt).toContain("confidence");
  });
});
