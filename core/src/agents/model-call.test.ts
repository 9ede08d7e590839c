import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigSchema } from "../config/index.js";
import { ModelOutputError } from "../errors/index.js";
import { createOpenAIModel } from "../llm/providers/openai-model.js";
import { createHttpMock } from "../testing/http-mock.js";
import { OPENAI_ORIGIN, openAICompletion, openAIHeaders } from "../testing/openai-wire.js";
import { createScriptedModel } from "../testing/scripted-model.js";
import { callStructured } from "./model-call.js";

const Schema = z.object({ answer: z.number() });

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

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
    expect(messages[2]?.content).toBe(
      [
        "Your previous answer was not valid for the requested JSON schema:",
        "- answer: Invalid input: expected number, received string",
        "Answer again with only the corrected JSON, no explanation and no code fence.",
      ].join("\n"),
    );
    expect(result.calls.map((call) => call.output)).toEqual(['{"answer": "x"}', '{"answer":7}']);
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
    expect(model.requests[1]?.prompt).toContain("- (root): answer must not be negative");
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
    await expect(failing).rejects.toThrow(
      /returned invalid output twice, also after a corrective re-ask/,
    );
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

  it("counts a rejected reply's tokens locally when the provider reported none", async () => {
    const rejected = new ModelOutputError("the reply is not valid JSON", {
      output: "{",
      issues: [{ path: "", message: "The answer is not valid JSON" }],
    });
    const model = createScriptedModel([{ error: rejected }, { object: { answer: 3 } }]);

    const result = await callStructured({
      model,
      schema: Schema,
      schemaName: "answer",
      system: "s",
      user: "u",
    });

    expect(result.calls[0]).toMatchObject({ output: "{", estimated: true });
    expect(result.calls[0]?.inputTokens).toBeGreaterThan(0);
    expect(result.calls[0]?.outputTokens).toBe(1);
  });
});

describe("callStructured over a real provider at the wire level", () => {
  const openAI = () =>
    createOpenAIModel({
      model: "gpt-4o-mini",
      apiKey: "sk-test",
      llm: { ...ConfigSchema.parse({}).llm, maxRetries: 0 },
      random: () => 0.5,
    });

  it("re-asks after a semantic problem and reports every call with its usage", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post("/v1/chat/completions")
      .reply(200, openAICompletion('{"answer": -4}'), openAIHeaders())
      .post("/v1/chat/completions")
      .reply(
        200,
        openAICompletion('```json\n{"answer": 4}\n```', {
          usage: { prompt_tokens: 70, completion_tokens: 9 },
        }),
        openAIHeaders(),
      );
    const reported: Array<{ tokens: number; output: string }> = [];
    let clock = 0;

    const result = await callStructured({
      model: openAI(),
      schema: Schema,
      schemaName: "answer",
      system: "You answer.",
      user: "What is 2 + 2?",
      validate: (value) => (value.answer < 0 ? ["answer must not be negative"] : []),
      onCall: (call) => {
        reported.push({ tokens: call.inputTokens + call.outputTokens, output: call.output });
      },
      now: () => (clock += 5),
    });

    expect(result.value).toEqual({ answer: 4 });
    expect(reported).toEqual([
      { tokens: 32, output: '{"answer": -4}' },
      { tokens: 79, output: '```json\n{"answer": 4}\n```' },
    ]);
    expect(result.calls[1]).toMatchObject({
      input: [
        "You answer.",
        "What is 2 + 2?",
        '{"answer": -4}',
        "Your previous answer was not valid for the requested JSON schema:\n- (root): answer must not be negative\nAnswer again with only the corrected JSON, no explanation and no code fence.",
      ].join("\n"),
      model: "gpt-4o-mini-2024-07-18",
      durationMs: 5,
    });
    const reAsk = http.requests[1]?.json as { messages: Array<{ role: string; content: string }> };
    expect(reAsk.messages.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    expect(reAsk.messages[3]?.content).toContain("- (root): answer must not be negative");
  });

  it("stops between calls when onCall throws, without the re-ask", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post("/v1/chat/completions")
      .reply(200, openAICompletion("not json"), openAIHeaders());

    const failing = callStructured({
      model: openAI(),
      schema: Schema,
      schemaName: "answer",
      system: "You answer.",
      user: "What is 2 + 2?",
      onCall: () => {
        throw new Error("budget exceeded");
      },
    });

    await expect(failing).rejects.toThrow("budget exceeded");
    expect(http.requests).toHaveLength(1);
  });
});
