import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelOutputError } from "../../errors/index.js";
import { parseModelOutput, parseModelOutputOrThrow } from "./parse-model-output.js";

const Plan = z.object({
  subtasks: z.array(z.object({ id: z.number().int(), description: z.string().min(1) })),
});

describe("parseModelOutput", () => {
  it("reads plain JSON, fenced JSON and JSON wrapped in prose", () => {
    const json = '{"subtasks":[{"id":1,"description":"parse"}]}';
    const expected = { success: true, value: { subtasks: [{ id: 1, description: "parse" }] } };

    expect(parseModelOutput(json, Plan)).toEqual(expected);
    expect(parseModelOutput(`\`\`\`json\n${json}\n\`\`\``, Plan)).toEqual(expected);
    expect(parseModelOutput(`\`\`\`\n${json}\n\`\`\`\n`, Plan)).toEqual(expected);
    expect(parseModelOutput(`Here is the plan:\n${json}\nGood luck!`, Plan)).toEqual(expected);
    expect(parseModelOutput("[1, 2]", z.array(z.number()))).toEqual({
      success: true,
      value: [1, 2],
    });
  });

  it("names the path of each schema violation", () => {
    const outcome = parseModelOutput('{"subtasks":[{"id":1.5,"description":""}]}', Plan);

    expect(outcome).toEqual({
      success: false,
      issues: [
        { path: "subtasks[0].id", message: "Invalid input: expected int, received number" },
        {
          path: "subtasks[0].description",
          message: "Too small: expected string to have >=1 characters",
        },
      ],
    });
  });

  it("reports empty answers and broken JSON at the root", () => {
    expect(parseModelOutput("  ", Plan)).toEqual({
      success: false,
      issues: [{ path: "", message: "The answer is empty; expected JSON." }],
    });
    const broken = parseModelOutput('{"subtasks": [', Plan);
    expect(broken.success).toBe(false);
    expect(!broken.success && broken.issues[0]?.message).toMatch(/^The answer is not valid JSON: /);
  });
});

describe("parseModelOutputOrThrow", () => {
  it("throws ModelOutputError with the raw text, and says when the answer hit the token limit", () => {
    const text = '{"subtasks": [{"id": 1, "descr';

    const error = (() => {
      try {
        parseModelOutputOrThrow(text, Plan, {
          provider: "openai",
          model: "gpt-4o-mini",
          truncated: true,
        });
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).output).toBe(text);
    expect((error as ModelOutputError).issues.at(-1)?.message).toMatch(
      /raise llm\.maxOutputTokens/,
    );
    expect((error as Error).message).toMatch(
      /^openai\/gpt-4o-mini returned output that does not match/,
    );
  });
});
