import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigSchema } from "../../config/index.js";
import { ModelOutputError, ProviderError } from "../../errors/index.js";
import { createHttpMock } from "../../testing/http-mock.js";
import { createFakeSleep } from "../retry/test-support/fake-sleep.js";
import { generateObject } from "../structured/index.js";
import { createOllamaModel } from "./ollama-model.js";
import {
  OLLAMA_JSON,
  OLLAMA_ORIGIN,
  ollamaChat,
  ollamaError,
  ollamaStream,
} from "./test-support/ollama-wire.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const llm = { ...ConfigSchema.parse({}).llm, maxRetries: 2 };
const PATH = "/api/chat";

/** A server that never answers. (nock 15's `.delay()` crashes undici when the request is aborted.) */
const hang = () => new Promise<never>(() => {});

function model(overrides: { timeoutMs?: number; maxRetries?: number } = {}) {
  const fake = createFakeSleep();
  const languageModel = createOllamaModel({
    model: "llama3:8b",
    host: OLLAMA_ORIGIN,
    llm: { ...llm, ...overrides },
    sleep: fake.sleep,
    now: fake.now,
    random: () => 0.5,
  });
  return { languageModel, fake };
}

const Verdict = z.object({ passed: z.boolean(), reason: z.string() });

describe("Ollama model", () => {
  it("chats and returns text, usage from the eval counts, latency and model", async () => {
    http.scope(OLLAMA_ORIGIN).post(PATH).reply(200, ollamaChat("print('hello')"), OLLAMA_JSON);
    const { languageModel } = model();

    const result = await languageModel.generate({
      system: "You write Python.",
      messages: [{ role: "user", content: "Say hello" }],
      temperature: 0.1,
      maxTokens: 300,
    });

    expect(languageModel.id).toBe("ollama/llama3:8b");
    expect(result).toEqual({
      text: "print('hello')",
      usage: { inputTokens: 26, outputTokens: 11, estimated: false },
      latencyMs: 0,
      model: "llama3:8b",
    });
    expect(http.requests[0]?.json).toEqual({
      model: "llama3:8b",
      messages: [
        { role: "system", content: "You write Python." },
        { role: "user", content: "Say hello" },
      ],
      options: { temperature: 0.1, num_predict: 300 },
      stream: false,
    });
  });

  it("estimates the input tokens when Ollama leaves prompt_eval_count out", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(200, ollamaChat("hi", { promptEvalCount: null, evalCount: 2 }), OLLAMA_JSON);
    const { languageModel } = model();

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Say hello world" }],
    });

    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 2, estimated: true });
  });

  it("sends the JSON schema as format and in the system prompt, and validates the answer", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(200, ollamaChat('{"passed": true, "reason": "ok"}'), OLLAMA_JSON);
    const { languageModel } = model();

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Judge it" }],
      schema: Verdict,
    });

    expect(result.object).toEqual({ passed: true, reason: "ok" });
    const body = http.requests[0]?.json as {
      format: unknown;
      messages: Array<{ role: string; content: string }>;
    };
    expect(body.format).toEqual({
      type: "object",
      properties: { passed: { type: "boolean" }, reason: { type: "string" } },
      required: ["passed", "reason"],
      additionalProperties: false,
    });
    expect(body.messages[0]).toMatchObject({ role: "system" });
    expect(body.messages[0]?.content).toContain("Answer with a single JSON value");
  });

  it("streams NDJSON chunks to onText and reads the counts from the final chunk", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(200, ollamaStream(["def ", "add", "(a, b)"]), {
        "content-type": "application/x-ndjson",
      });
    const { languageModel } = model();
    const deltas: string[] = [];

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Write add" }],
      onText: (delta) => deltas.push(delta),
    });

    expect(deltas).toEqual(["def ", "add", "(a, b)"]);
    expect(result.text).toBe("def add(a, b)");
    expect(result.usage).toEqual({ inputTokens: 14, outputTokens: 3, estimated: false });
    expect(http.requests[0]?.json).toMatchObject({ stream: true });
  });

  it("waits what retry-after says after a 429, then succeeds", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(429, ollamaError("too many requests"), { ...OLLAMA_JSON, "retry-after": "3" })
      .post(PATH)
      .reply(200, ollamaChat("ok"), OLLAMA_JSON);
    const { languageModel, fake } = model();

    const result = await languageModel.generate({ messages: [{ role: "user", content: "hi" }] });

    expect(result.text).toBe("ok");
    expect(fake.waits).toEqual([3_000]);
  });

  it("gives up with a retryable ProviderError when 500s outlast the retries", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .times(3)
      .reply(500, ollamaError("llama runner process has terminated: signal: killed"), OLLAMA_JSON);
    const { languageModel, fake } = model();

    const error = await languageModel
      .generate({ messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: "ollama", status: 500, retryable: true });
    expect((error as Error).message).toBe(
      "Ollama answered HTTP 500: llama runner process has terminated: signal: killed - Ollama had a problem on its side (gave up after 3 attempts)",
    );
    expect(fake.waits).toHaveLength(2);
  });

  it("says how to pull a model Ollama does not have, without retrying", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(404, ollamaError('model "llama3:8b" not found, try pulling it first'), OLLAMA_JSON);
    const { languageModel, fake } = model();

    await expect(
      languageModel.generate({ messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toThrow(/not found, try pulling it first .* - pull it with `ollama pull llama3:8b`$/);
    expect(fake.waits).toEqual([]);
  });

  it("does not retry when nothing listens at OLLAMA_HOST, and says how to start it", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .replyWithError(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:11434"), { code: "ECONNREFUSED" }),
      );
    const { languageModel, fake } = model();

    await expect(
      languageModel.generate({ messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({
      provider: "ollama",
      retryable: false,
      message: expect.stringMatching(
        /^Could not reach Ollama at http:\/\/127\.0\.0\.1:11434: .*ECONNREFUSED.* - start it with `ollama serve`/,
      ),
    });
    expect(fake.waits).toEqual([]);
  });

  it("times out a call that does not answer within llm.timeoutMs", async () => {
    http.scope(OLLAMA_ORIGIN).post(PATH).reply(hang);
    const { languageModel } = model({ timeoutMs: 300, maxRetries: 0 });

    await expect(
      languageModel.generate({ messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({
      name: "ProviderError",
      provider: "ollama",
      retryable: true,
      message: expect.stringMatching(/did not answer within 300 ms/),
    });
  });

  it("rejects at once with the abort reason when the caller aborts", async () => {
    const controller = new AbortController();
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(() => {
        controller.abort(new Error("user cancelled"));
        return hang();
      });
    const { languageModel } = model();

    await expect(
      languageModel.generate({
        messages: [{ role: "user", content: "hi" }],
        signal: controller.signal,
      }),
    ).rejects.toThrow("user cancelled");
  });

  it("re-asks once after invalid JSON, then returns the object", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(200, ollamaChat('Sure! {"passed": true, "reason": '), OLLAMA_JSON)
      .post(PATH)
      .reply(200, ollamaChat('{"passed": true, "reason": "complete"}'), OLLAMA_JSON);
    const { languageModel } = model();

    const result = await generateObject(languageModel, Verdict, {
      messages: [{ role: "user", content: "Judge it" }],
    });

    expect(result.object).toEqual({ passed: true, reason: "complete" });
    const second = http.requests[1]?.json as { messages: Array<{ role: string; content: string }> };
    expect(second.messages.at(-2)).toEqual({
      role: "assistant",
      content: 'Sure! {"passed": true, "reason": ',
    });
    expect(second.messages.at(-1)?.content).toMatch(/\(root\): The answer is not valid JSON/);
  });

  it("throws ModelOutputError when the re-asked answer is invalid too", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post(PATH)
      .reply(200, ollamaChat("[]"), OLLAMA_JSON)
      .post(PATH)
      .reply(200, ollamaChat('{"passed": "no"}', { doneReason: "length" }), OLLAMA_JSON);
    const { languageModel } = model();

    const error = await generateObject(languageModel, Verdict, {
      messages: [{ role: "user", content: "Judge it" }],
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).output).toBe('{"passed": "no"}');
    expect((error as ModelOutputError).issues.map((issue) => issue.path)).toEqual([
      "passed",
      "reason",
      "",
    ]);
    expect((error as ModelOutputError).issues[2]?.message).toMatch(/output token limit/);
  });
});
