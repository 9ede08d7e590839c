import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelOutputError } from "../errors/index.js";
import { createScriptedModel } from "../testing/scripted-model.js";
import { callStructured, parseReply } from "./model-call.js";

const Schema = z.object({ answer: z.number() });

describe("callStructured", () => {
  it("returns the valid object of the first reply", async () => {
    const model = createScriptedModel([{ object: { answer: 42 } }]);

    const result = await callStructured({
      model,
      schema: Schema,
      schemaName: "answer",
      system: "s",
      user: "u",
    });

    expect(result.value).toEqual({ answer: 42 });
    expect(result.calls).toHaveLength(1);
    expect(result.calls[0]?.inputTokens).toBeGreaterThan(0);
  });

  it("re-asks once with the reply and the problems, then accepts a corrected reply", async () => {
    const model = createScriptedModel([{ text: '{"answer": "x"}' }, { object: { answer: 7 } }]);

    const result = await callStructured({
      model,
      schema: Schema,
      schemaName: "answer",
      system: "s",
      user: "u",
    });

    expect(result.value.answer).toBe(7);
    const messages = model.requests[1]?.request.messages ?? [];
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    expect(messages[1]?.content).toBe('{"answer": "x"}');
    expect(messages[2]?.content).toContain("answer:");
  });

  it("re-asks when the semantic validation finds problems", async () => {
    const model = createScriptedModel([{ object: { answer: -1 } }, { object: { answer: 1 } }]);

    const result = await callStructured({
      model,
      schema: Schema,
      schemaName: "answer",
      system: "s",
      user: "u",
      validate: (value) => (value.answer < 0 ? ["answer must not be negative"] : []),
    });

    expect(result.value.answer).toBe(1);
    expect(model.requests[1]?.prompt).toContain("- answer must not be negative");
  });

  it("throws ModelOutputError after the second invalid reply", async () => {
    const model = createScriptedModel(["nope", "still nope"]);

    const failing = callStructured({
      model,
      schema: Schema,
      schemaName: "answer",
      system: "s",
      user: "u",
    });

    await expect(failing).rejects.toBeInstanceOf(ModelOutputError);
    await expect(failing).rejects.toThrow(/still invalid after one corrective re-ask/);
  });

  it("counts the tokens of a reply the provider itself rejected, and reports that call", async () => {
    const rejected = new ModelOutputError(
      "openai/gpt-4o-mini returned output that does not match",
      {
        output: "{",
        issues: [{ path: "", message: "The answer is not valid JSON" }],
        usage: { inputTokens: 120, outputTokens: 30, estimated: false },
      },
    );
    const model = createScriptedModel([{ error: rejected }, { object: { answer: 3 } }]);
    const reported: number[] = [];

    const result = await callStructured({
      model,
      schema: Schema,
      schemaName: "answer",
      system: "s",
      user: "u",
      onCall: (call) => {
        reported.push(call.inputTokens + call.outputTokens);
      },
    });

    expect(result.value.answer).toBe(3);
    expect(result.calls[0]).toMatchObject({ inputTokens: 120, outputTokens: 30, estimated: false });
    expect(reported[0]).toBe(150);
    expect(reported).toHaveLength(2);
  });
});

describe("parseReply", () => {
  it("accepts JSON in a Markdown fence", () => {
    expect(parseReply(Schema, 'Here:\n```json\n{"answer": 1}\n```')).toEqual({
      success: true,
      data: { answer: 1 },
    });
  });
});
