import { UsageError } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import type { BenchmarkProblem } from "../datasets/benchmark-problem.js";
import { EvalSampleLineSchema, matchSamples, normalizeTaskId } from "./eval-sample.js";

const mbpp11: BenchmarkProblem = {
  dataset: "mbpp",
  id: "11",
  taskId: 11,
  text: "Remove first and last occurrence of a character.",
  code: "def f(): pass",
  testList: ["assert True"],
  testSetupCode: "",
  testImports: [],
  challengeTestList: [],
};

describe("task ids", () => {
  it("accept every way users write MBPP ids", () => {
    for (const id of [11, "11", "Mbpp/11", "MBPP/11", " mbpp/11 "]) {
      expect(normalizeTaskId("mbpp", id)).toBe("11");
      expect(normalizeTaskId("mbpp-sanitized", id)).toBe("11");
    }
  });

  it("accept HumanEval ids with and without the prefix", () => {
    expect(normalizeTaskId("humaneval", "HumanEval/3")).toBe("HumanEval/3");
    expect(normalizeTaskId("humaneval-plus", 3)).toBe("HumanEval/3");
    expect(normalizeTaskId("custom", "alg_lis_length")).toBe("alg_lis_length");
  });

  it("report every unknown task before anything runs", () => {
    const samples = [
      { taskId: "Mbpp/11", solution: "" },
      { taskId: 9999, solution: "" },
    ];
    expect(() => matchSamples("mbpp", [mbpp11], samples)).toThrow(UsageError);
    expect(() => matchSamples("mbpp", [mbpp11], samples)).toThrow(/1 sample\(s\) .*9999/);
    expect(matchSamples("mbpp", [mbpp11], [samples[0] ?? { taskId: 0 }])[0]?.problem).toBe(mbpp11);
  });
});

describe("EvalSampleLineSchema", () => {
  it("takes both sample formats and keeps other fields", () => {
    expect(
      EvalSampleLineSchema.parse({
        task_id: "HumanEval/0",
        completion: "  return 1\n",
        model: "x",
      }),
    ).toEqual({
      task_id: "HumanEval/0",
      completion: "  return 1\n",
      model: "x",
    });
    expect(EvalSampleLineSchema.parse({ task_id: 11, solution: "def f(): pass" }).solution).toBe(
      "def f(): pass",
    );
  });

  it("refuses a line with neither a completion nor a solution", () => {
    const result = EvalSampleLineSchema.safeParse({ task_id: "HumanEval/0" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("completion");
  });
});
