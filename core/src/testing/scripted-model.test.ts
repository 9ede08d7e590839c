import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelOutputError } from "../errors/index.js";
import { createScriptedModel } from "./scripted-model.js";

describe("createScriptedModel", () => {
  it("plays replies in order, records requests and counts tokens with the tokenizer", async () => {
    const model = createScriptedModel(["first", { text: "second" }], { id: "openai/gpt-4o" });

    const one = await model.generate({
      system: "be brief",
      messages: [{ role: "user", content: "hi" }],
    });
    const two = await model.generate({ messages: [{ role: "user", content: "again" }] });

    expect([one.text, two.text]).toEqual(["first", "second"]);
    expect(model.provider).toBe("openai");
    expect(model.model).toBe("gpt-4o");
    expect(one.usage).toEqual({
      inputTokens: countTokens("be brief\nhi"),
      outputTokens: countTokens("first"),
      estimated: false,
    });
    expect(model.requests.map((request) => request.prompt)).toEqual(["be brief\nhi", "\nagain"]);
    expect(model.remaining()).toBe(0);
  });

  it("parses an object reply against the request's schema", async () => {
    const model = createScriptedModel([{ object: { n: 1 } }, { object: { n: "x" } }]);
    const schema = z.object({ n: z.number() });

    const result = await model.generate({ messages: [], schema });

    expect(result.object).toEqual({ n: 1 });
    await expect(model.generate({ messages: [], schema })).rejects.toBeInstanceOf(ModelOutputError);
  });

  it("counts the JSON Schema a structured request sends in its input tokens", async () => {
    const model = createScriptedModel([{ object: { n: 1 } }, "plain"]);
    const schema = z.object({ n: z.number().describe("a number the reply must carry") });

    const structured = await model.generate({
      messages: [{ role: "user", content: "hi" }],
      schema,
    });
    const plain = await model.generate({ messages: [{ role: "user", content: "hi" }] });

    const sent = JSON.stringify({
      type: "object",
      properties: { n: { type: "number", description: "a number the reply must carry" } },
      required: ["n"],
      additionalProperties: false,
    });
    expect(plain.usage.inputTokens).toBe(countTokens("\nhi"));
    expect(structured.usage.inputTokens).toBe(countTokens("\nhi") + countTokens(sent));
    expect(model.requests[0]?.inputTokens).toBe(structured.usage.inputTokens);
  });

  it("computes a reply from the request and throws a scripted error", async () => {
    const model = createScriptedModel([
      (request) => `echo ${request.messages[0]?.content}`,
      { error: new Error("boom") },
    ]);

    expect((await model.generate({ messages: [{ role: "user", content: "x" }] })).text).toBe(
      "echo x",
    );
    await expect(model.generate({ messages: [] })).rejects.toThrow("boom");
    expect(model.requests).toHaveLength(2);
  });

  it("says which request was not scripted", async () => {
    const model = createScriptedModel([]);
    await expect(model.generate({ messages: [] })).rejects.toThrow(/add a reply for request 1/);
  });
});
