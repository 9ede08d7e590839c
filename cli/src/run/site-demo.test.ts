import { type BenchmarkProblem, buildBenchmarkPrompt, loadDataset } from "@codeforge/benchmarks";
import { CodeSegmentSchema, type GenerateRequest, ReviewSchema } from "@codeforge/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createReferenceModel, firstAnswerOf, referenceSolution } from "./site-demo.js";

describe("the demo snapshot's reference model", () => {
  let problems: readonly BenchmarkProblem[];
  beforeAll(async () => {
    problems = (await loadDataset("custom", { dataDir: "." })).problems;
  });

  const ask = (
    problem: BenchmarkProblem,
    schemaName: "code" | "review",
  ): GenerateRequest<unknown> =>
    ({
      system: "You write Python.",
      messages: [{ role: "user" as const, content: `Task:\n${buildBenchmarkPrompt(problem)}\n` }],
      schema: schemaName === "code" ? CodeSegmentSchema : ReviewSchema,
      schemaName,
    }) as GenerateRequest<unknown>;

  it("answers with the reference solution, or a broken one first and the reference as the fix", async () => {
    const right = problems.find((problem) => firstAnswerOf(problem.id) === "reference");
    const broken = problems.find((problem) => firstAnswerOf(problem.id) === "stray-call");
    if (!right || !broken) throw new Error("the custom set lacks a problem of each kind");
    const model = createReferenceModel(problems);

    const rightCode = await model.generate(ask(right, "code"));
    const firstTry = await model.generate(ask(broken, "code"));
    const review = await model.generate(ask(broken, "review"));
    const secondTry = await model.generate(ask(broken, "code"));

    expect((rightCode.object as { code: string }).code).toBe(referenceSolution(right));
    expect((firstTry.object as { code: string }).code).not.toBe(referenceSolution(broken));
    expect((firstTry.object as { code: string }).code).toContain(
      referenceSolution(broken).trimEnd(),
    );
    expect(review.object).toMatchObject({
      error_type: "runtime_error",
      fixed_code: referenceSolution(broken),
    });
    expect((secondTry.object as { code: string }).code).toBe(referenceSolution(broken));
    expect(rightCode.usage.inputTokens).toBeGreaterThan(0);
  });

  it("refuses a request about no known problem", async () => {
    const model = createReferenceModel(problems);

    await expect(
      model.generate({ messages: [{ role: "user", content: "hello" }], schemaName: "code" }),
    ).rejects.toThrow("no known problem");
  });
});
