import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelOutputError } from "../../errors/index.js";
import { createScriptedModel } from "../../testing/scripted-model.js";
import { generateObject, type ObjectCall } from "./generate-object.js";

const Steps = z.object({ steps: z.array(z.string()) });
const request = { system: "You plan.", messages: [{ role: "user" as const, content: "Plan it" }] };
const noEmptySteps = (value: z.infer<typeof Steps>) =>
  value.steps.length === 0 ? ["steps must not be empty"] : [];

describe("generateObject", () => {
  it("re-asks once when validate finds a problem, with the problem in the one wording", async () => {
    const model = createScriptedModel([{ object: { steps: [] } }, { object: { steps: ["a"] } }]);
    const reported: ObjectCall[] = [];

    const result = await generateObject(model, Steps, {
      ...request,
      validate: noEmptySteps,
      onCall: (call) => {
        reported.push(call);
      },
    });

    expect(result.object).toEqual({ steps: ["a"] });
    expect(model.requests[1]?.request.messages.at(-1)?.content).toBe(
      [
        "Your previous answer was not valid for the requested JSON schema:",
        "- (root): steps must not be empty",
        "Answer again with only the corrected JSON, no explanation and no code fence.",
      ].join("\n"),
    );
    expect(reported).toEqual(result.calls);
    expect(result.calls.map((call) => call.text)).toEqual(['{"steps":[]}', '{"steps":["a"]}']);
    const [first, second] = model.requests;
    expect(result.usage).toEqual({
      inputTokens: (first?.inputTokens ?? 0) + (second?.inputTokens ?? 0),
      outputTokens: (first?.outputTokens ?? 0) + (second?.outputTokens ?? 0),
      estimated: false,
    });
  });

  it("throws ModelOutputError with validate's problems and both calls' usage", async () => {
    // A provider that rejects a reply without reporting its usage.
    const rejected = new ModelOutputError("the reply is not valid JSON", {
      output: "not json",
      issues: [{ path: "", message: "The answer is not valid JSON" }],
    });
    const model = createScriptedModel([{ error: rejected }, { object: { steps: [] } }]);

    const error = await generateObject(model, Steps, { ...request, validate: noEmptySteps }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ModelOutputError);
    const { output, issues, usage } = error as ModelOutputError;
    expect(output).toBe('{"steps":[]}');
    expect(issues).toEqual([{ path: "", message: "steps must not be empty" }]);
    // The rejected first reply carried no usage: it is counted locally and marked estimated.
    expect(usage?.estimated).toBe(true);
    expect(usage?.inputTokens).toBeGreaterThan(model.requests[1]?.inputTokens ?? 0);
  });

  it("stops before the re-ask when onCall throws", async () => {
    const model = createScriptedModel(["not json", { object: { steps: ["a"] } }]);

    const attempt = generateObject(model, Steps, {
      ...request,
      onCall: () => {
        throw new Error("token budget exceeded");
      },
    });

    await expect(attempt).rejects.toThrow("token budget exceeded");
    expect(model.remaining()).toBe(1);
  });
});
