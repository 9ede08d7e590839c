import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigSchema } from "../../config/index.js";
import { createHttpMock } from "../../testing/http-mock.js";
import {
  OPENAI_ORIGIN,
  openAICompletion,
  openAIError,
  openAIHeaders,
  openAIStream,
} from "../../testing/openai-wire.js";
import { createFakeSleep } from "../retry/test-support/fake-sleep.js";
import { createOpenAIModel } from "./openai-model.js";
import { describeProviderContract, Verdict } from "./test-support/provider-contract.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const llm = { ...ConfigSchema.parse({}).llm, maxRetries: 2 };
const PATH = "/v1/chat/completions";

function model(overrides: { timeoutMs?: number; maxRetries?: number } = {}) {
  const fake = createFakeSleep();
  const languageModel = createOpenAIModel({
    model: "gpt-4o-mini",
    apiKey: "sk-test",
    llm: { ...llm, ...overrides },
    sleep: fake.sleep,
    now: fake.now,
    random: () => 0.5,
  });
  return { languageModel, fake };
}

describe("OpenAI model", () => {
  it("sends a chat completion and returns text, usage, latency and the answering model", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post(PATH)
      .matchHeader("authorization", "Bearer sk-test")
      .reply(200, openAICompletion("print('hello')"), openAIHeaders());
    const { languageModel } = model();

    const result = await languageModel.generate({
      system: "You write Python.",
      messages: [{ role: "user", content: "Say hello" }],
      temperature: 0,
      maxTokens: 256,
    });

    expect(languageModel.id).toBe("openai/gpt-4o-mini");
    expect(result).toEqual({
      text: "print('hello')",
      usage: { inputTokens: 25, outputTokens: 7, estimated: false },
      latencyMs: 0,
      model: "gpt-4o-mini-2024-07-18",
    });
    expect(http.requests[0]?.json).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You write Python." },
        { role: "user", content: "Say hello" },
      ],
      temperature: 0,
      max_completion_tokens: 256,
    });
  });

  it("estimates usage with a tokenizer when the endpoint reports none", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post(PATH)
      .reply(200, openAICompletion("hello world", { usage: null }), openAIHeaders());
    const { languageModel } = model();

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Say hello world" }],
    });

    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 2, estimated: true });
  });

  it("asks for strict json_schema output and returns the validated object", async () => {
    const answer = JSON.stringify({ passed: true, reason: "all tests pass" });
    http.scope(OPENAI_ORIGIN).post(PATH).reply(200, openAICompletion(answer), openAIHeaders());
    const { languageModel } = model();

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Judge it" }],
      schema: Verdict,
      schemaName: "verdict",
    });

    expect(result.object).toEqual({ passed: true, reason: "all tests pass" });
    expect(http.requests[0]?.json).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Judge it" }],
      temperature: 0.2,
      max_completion_tokens: 4096,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "verdict",
          strict: true,
          schema: {
            type: "object",
            properties: { passed: { type: "boolean" }, reason: { type: "string" } },
            required: ["passed", "reason"],
            additionalProperties: false,
          },
        },
      },
    });
  });

  it("falls back to JSON mode with the schema in the system prompt when strict mode cannot take it", async () => {
    const Loose = z.object({ name: z.string(), note: z.string().optional() });
    http
      .scope(OPENAI_ORIGIN)
      .post(PATH)
      .reply(200, openAICompletion('{"name":"x"}'), openAIHeaders());
    const { languageModel } = model();

    const result = await languageModel.generate({
      system: "Be brief.",
      messages: [{ role: "user", content: "Name it" }],
      schema: Loose,
    });

    expect(result.object).toEqual({ name: "x" });
    const body = http.requests[0]?.json as {
      response_format: unknown;
      messages: Array<{ content: string }>;
    };
    expect(body.response_format).toEqual({ type: "json_object" });
    expect(body.messages[0]?.content).toMatch(/^Be brief\.\n\nAnswer with a single JSON value/);
    expect(body.messages[0]?.content).toContain('"note":{"type":"string"}');
  });

  it("streams text deltas to onText and reads usage from the final chunk", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post(PATH)
      .reply(200, openAIStream(["def ", "add(a, b):", " return a + b"]), {
        ...openAIHeaders(),
        "content-type": "text/event-stream",
      });
    const { languageModel } = model();
    const deltas: string[] = [];

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Write add" }],
      onText: (delta) => deltas.push(delta),
    });

    expect(deltas).toEqual(["def ", "add(a, b):", " return a + b"]);
    expect(result.text).toBe("def add(a, b): return a + b");
    expect(result.usage).toEqual({ inputTokens: 18, outputTokens: 3, estimated: false });
    expect(http.requests[0]?.json).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("does not retry a 401 and names the variable to check", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post(PATH)
      .reply(
        401,
        openAIError(
          "Incorrect API key provided: sk-test.",
          "invalid_request_error",
          "invalid_api_key",
        ),
        openAIHeaders("req_401"),
      );
    const { languageModel, fake } = model();

    await expect(
      languageModel.generate({ messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toThrow(
      // The echoed key is the configured one, so it never reaches the message (issue 11 §4).
      "OpenAI answered HTTP 401: Incorrect API key provided: [REDACTED]. (request id req_401) - check OPENAI_API_KEY",
    );
    expect(fake.waits).toEqual([]);
  });
});

const json = (body: Record<string, unknown>, headers = openAIHeaders()) => ({
  status: 200,
  body,
  headers,
});

describeProviderContract("OpenAI model", {
  provider: "openai",
  http,
  origin: OPENAI_ORIGIN,
  path: PATH,
  model,
  answer: (text) => json(openAICompletion(text)),
  rateLimited: {
    reply: {
      status: 429,
      body: openAIError(
        "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
        "requests",
        "rate_limit_exceeded",
      ),
      headers: { ...openAIHeaders("req_rate"), "retry-after": "2" },
    },
    waitMs: 2_000,
  },
  retriedRequestHeaders: { "x-stainless-retry-count": "0" },
  serverError: {
    reply: {
      status: 500,
      body: openAIError(
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
      ),
      headers: openAIHeaders("req_500"),
    },
    status: 500,
    requestId: "req_500",
    message:
      "OpenAI answered HTTP 500: The server had an error while processing your request. Sorry about that! (request id req_500) - OpenAI had a problem on its side (gave up after 3 attempts)",
  },
  reAsk: {
    invalid: json(openAICompletion('```json\n{"passed": "yes"}\n```')),
    rawOutput: '```json\n{"passed": "yes"}\n```',
    valid: json(openAICompletion('{"passed": true, "reason": "fixed"}')),
    correction: [
      "Your previous answer was not valid for the requested JSON schema:",
      "- passed: Invalid input: expected boolean, received string",
      "- reason: Invalid input: expected string, received undefined",
      "Answer again with only the corrected JSON, no explanation and no code fence.",
    ].join("\n"),
    usage: { inputTokens: 50, outputTokens: 14, estimated: false },
  },
  invalidTwice: {
    first: json(openAICompletion("not json")),
    second: json(openAICompletion('{"passed": true')),
    output: '{"passed": true',
    issues: [{ message: expect.stringMatching(/^The answer is not valid JSON/) }],
    usage: { inputTokens: 50, outputTokens: 14, estimated: false },
  },
});
