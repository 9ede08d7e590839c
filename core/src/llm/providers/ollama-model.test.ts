import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../config/index.js";
import { createHttpMock } from "../../testing/http-mock.js";
import { createFakeSleep } from "../retry/test-support/fake-sleep.js";
import { createOllamaModel } from "./ollama-model.js";
import {
  OLLAMA_JSON,
  OLLAMA_ORIGIN,
  ollamaChat,
  ollamaError,
  ollamaStream,
} from "./test-support/ollama-wire.js";
import { describeProviderContract, Verdict } from "./test-support/provider-contract.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const llm = { ...ConfigSchema.parse({}).llm, maxRetries: 2 };
const PATH = "/api/chat";

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
});

const json = (body: Record<string, unknown>, headers: Record<string, string> = OLLAMA_JSON) => ({
  status: 200,
  body,
  headers,
});

describeProviderContract("Ollama model", {
  provider: "ollama",
  http,
  origin: OLLAMA_ORIGIN,
  path: PATH,
  model,
  answer: (text) => json(ollamaChat(text)),
  rateLimited: {
    reply: {
      status: 429,
      body: ollamaError("too many requests"),
      headers: { ...OLLAMA_JSON, "retry-after": "3" },
    },
    waitMs: 3_000,
  },
  serverError: {
    reply: {
      status: 500,
      body: ollamaError("llama runner process has terminated: signal: killed"),
      headers: OLLAMA_JSON,
    },
    status: 500,
    message:
      "Ollama answered HTTP 500: llama runner process has terminated: signal: killed - Ollama had a problem on its side (gave up after 3 attempts)",
  },
  reAsk: {
    invalid: json(ollamaChat('Sure! {"passed": true, "reason": ')),
    rawOutput: 'Sure! {"passed": true, "reason": ',
    valid: json(ollamaChat('{"passed": true, "reason": "fixed"}')),
    correction: expect.stringMatching(/\(root\): The answer is not valid JSON/),
    usage: { inputTokens: 52, outputTokens: 22, estimated: false },
  },
  invalidTwice: {
    first: json(ollamaChat("[]")),
    second: json(ollamaChat('{"passed": "no"}', { doneReason: "length" })),
    output: '{"passed": "no"}',
    issues: [
      { path: "passed" },
      { path: "reason" },
      { path: "", message: expect.stringMatching(/output token limit/) },
    ],
    usage: { inputTokens: 52, outputTokens: 22, estimated: false },
  },
});
