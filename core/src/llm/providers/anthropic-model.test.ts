import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../config/index.js";
import { ProviderError } from "../../errors/index.js";
import { createHttpMock } from "../../testing/http-mock.js";
import { createFakeSleep } from "../retry/test-support/fake-sleep.js";
import { createAnthropicModel } from "./anthropic-model.js";
import {
  ANTHROPIC_ORIGIN,
  anthropicError,
  anthropicHeaders,
  anthropicMessage,
  anthropicStream,
  toolUse,
} from "./test-support/anthropic-wire.js";
import { describeProviderContract, Verdict } from "./test-support/provider-contract.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const llm = { ...ConfigSchema.parse({}).llm, maxRetries: 2 };
const PATH = "/v1/messages";

function model(overrides: { timeoutMs?: number; maxRetries?: number } = {}) {
  const fake = createFakeSleep();
  const languageModel = createAnthropicModel({
    model: "claude-sonnet-5-5",
    apiKey: "sk-ant-test",
    llm: { ...llm, ...overrides },
    sleep: fake.sleep,
    now: fake.now,
    random: () => 0.5,
  });
  return { languageModel, fake };
}

describe("Anthropic model", () => {
  it("sends a message and returns text, usage (cache reads included), latency and model", async () => {
    http
      .scope(ANTHROPIC_ORIGIN)
      .post(PATH)
      .reply(
        200,
        anthropicMessage([{ type: "text", text: "print('hello')" }], {
          usage: { input_tokens: 20, output_tokens: 9, cache_read_input_tokens: 11 },
        }),
        anthropicHeaders(),
      );
    const { languageModel } = model();

    const result = await languageModel.generate({
      system: "You write Python.",
      messages: [{ role: "user", content: "Say hello" }],
      maxTokens: 512,
    });

    expect(languageModel.id).toBe("anthropic/claude-sonnet-5-5");
    expect(result).toEqual({
      text: "print('hello')",
      usage: { inputTokens: 31, outputTokens: 9, estimated: false },
      latencyMs: 0,
      model: "claude-sonnet-5-5",
    });
    expect(http.requests[0]?.json).toEqual({
      model: "claude-sonnet-5-5",
      max_tokens: 512,
      system: "You write Python.",
      messages: [{ role: "user", content: "Say hello" }],
    });
    expect(
      http.requests[0]?.headers.authorization ?? http.requests[0]?.headers["x-api-key"],
    ).toMatch(/sk-ant-test/);
  });

  it("forces a tool whose input_schema is the schema and validates the tool input", async () => {
    http
      .scope(ANTHROPIC_ORIGIN)
      .post(PATH)
      .reply(
        200,
        anthropicMessage([toolUse("verdict", { passed: false, reason: "off by one" })], {
          stopReason: "tool_use",
        }),
        anthropicHeaders(),
      );
    const { languageModel } = model();

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Judge it" }],
      schema: Verdict,
      schemaName: "verdict",
    });

    expect(result.object).toEqual({ passed: false, reason: "off by one" });
    expect(result.text).toBe('{"passed":false,"reason":"off by one"}');
    expect(http.requests[0]?.json).toEqual({
      model: "claude-sonnet-5-5",
      max_tokens: 4096,
      messages: [{ role: "user", content: "Judge it" }],
      tools: [
        {
          name: "verdict",
          description:
            "Record your complete answer. Call this tool exactly once with the whole answer as its input.",
          input_schema: {
            type: "object",
            properties: { passed: { type: "boolean" }, reason: { type: "string" } },
            required: ["passed", "reason"],
            additionalProperties: false,
          },
        },
      ],
      tool_choice: { type: "tool", name: "verdict" },
    });
  });

  it("streams text_delta events to onText with usage from message_start and message_delta", async () => {
    http
      .scope(ANTHROPIC_ORIGIN)
      .post(PATH)
      .reply(200, anthropicStream({ type: "text", deltas: ["Hello", ", world"] }), {
        ...anthropicHeaders(),
        "content-type": "text/event-stream",
      });
    const { languageModel } = model();
    const deltas: string[] = [];

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Greet" }],
      onText: (delta) => deltas.push(delta),
    });

    expect(deltas).toEqual(["Hello", ", world"]);
    expect(result).toMatchObject({
      text: "Hello, world",
      model: "claude-sonnet-5-5",
      usage: { inputTokens: 22, outputTokens: 12, estimated: false },
    });
    expect(http.requests[0]?.json).toMatchObject({ stream: true });
  });

  it("streams a forced tool's input_json_delta and parses the whole object", async () => {
    http
      .scope(ANTHROPIC_ORIGIN)
      .post(PATH)
      .reply(
        200,
        anthropicStream({
          type: "tool_use",
          name: "verdict",
          deltas: ['{"passed": tr', 'ue, "reason": "ok"}'],
        }),
        { ...anthropicHeaders(), "content-type": "text/event-stream" },
      );
    const { languageModel } = model();
    const deltas: string[] = [];

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Judge it" }],
      schema: Verdict,
      schemaName: "verdict",
      onText: (delta) => deltas.push(delta),
    });

    expect(deltas).toEqual(['{"passed": tr', 'ue, "reason": "ok"}']);
    expect(result.object).toEqual({ passed: true, reason: "ok" });
  });

  it("retries a stream that fails with an overloaded_error event before any text", async () => {
    const overloaded = `event: error\ndata: ${JSON.stringify(anthropicError("overloaded_error", "Overloaded"))}\n\n`;
    const sse = { ...anthropicHeaders(), "content-type": "text/event-stream" };
    http
      .scope(ANTHROPIC_ORIGIN)
      .post(PATH)
      .reply(200, overloaded, sse)
      .post(PATH)
      .reply(200, anthropicStream({ type: "text", deltas: ["second try"] }), sse);
    const { languageModel, fake } = model();
    const deltas: string[] = [];

    const result = await languageModel.generate({
      messages: [{ role: "user", content: "Greet" }],
      onText: (delta) => deltas.push(delta),
    });

    expect(deltas).toEqual(["second try"]);
    expect(result.text).toBe("second try");
    expect(fake.waits).toHaveLength(1);
  });

  it("does not retry a stream that fails after text reached onText", async () => {
    const started = anthropicStream({ type: "text", deltas: ["Hel"] }).split(
      "event: content_block_stop",
    )[0];
    const overloaded = `event: error\ndata: ${JSON.stringify(anthropicError("overloaded_error", "Overloaded"))}\n\n`;
    http
      .scope(ANTHROPIC_ORIGIN)
      .post(PATH)
      .reply(200, `${started}${overloaded}`, {
        ...anthropicHeaders(),
        "content-type": "text/event-stream",
      });
    const { languageModel, fake } = model();
    const deltas: string[] = [];

    const error = await languageModel
      .generate({
        messages: [{ role: "user", content: "Greet" }],
        onText: (delta) => deltas.push(delta),
      })
      .catch((caught: unknown) => caught);

    expect(deltas).toEqual(["Hel"]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: "anthropic", retryable: true });
    expect(fake.waits).toEqual([]);
  });

  it("does not retry when the server says x-should-retry: false", async () => {
    http
      .scope(ANTHROPIC_ORIGIN)
      .post(PATH)
      .reply(500, anthropicError("api_error", "Internal server error"), {
        ...anthropicHeaders("req_nr"),
        "x-should-retry": "false",
      });
    const { languageModel, fake } = model();

    await expect(
      languageModel.generate({ messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toMatchObject({
      status: 500,
      retryable: false,
    });
    expect(fake.waits).toEqual([]);
  });
});

const json = (body: Record<string, unknown>, headers = anthropicHeaders()) => ({
  status: 200,
  body,
  headers,
});
const verdict = (input: unknown) =>
  json(anthropicMessage([toolUse("verdict", input)], { stopReason: "tool_use" }));

describeProviderContract("Anthropic model", {
  provider: "anthropic",
  http,
  origin: ANTHROPIC_ORIGIN,
  path: PATH,
  model,
  answer: (text) => json(anthropicMessage([{ type: "text", text }])),
  rateLimited: {
    reply: {
      status: 429,
      body: anthropicError(
        "rate_limit_error",
        "Number of request tokens has exceeded your per-minute rate limit",
      ),
      headers: { ...anthropicHeaders("req_rate"), "retry-after": "7" },
    },
    waitMs: 7_000,
  },
  serverError: {
    reply: {
      status: 529,
      body: anthropicError("overloaded_error", "Overloaded"),
      headers: anthropicHeaders("req_529"),
    },
    status: 529,
    requestId: "req_529",
    message:
      "Anthropic answered HTTP 529: Overloaded (request id req_529) - Anthropic had a problem on its side (gave up after 3 attempts)",
  },
  reAsk: {
    invalid: verdict({ passed: "yes" }),
    rawOutput: '{"passed":"yes"}',
    valid: verdict({ passed: true, reason: "fixed" }),
    correction: expect.stringContaining(
      "- passed: Invalid input: expected boolean, received string",
    ),
    usage: { inputTokens: 62, outputTokens: 18, estimated: false },
  },
  invalidTwice: {
    first: verdict({ passed: 1 }),
    second: verdict({ passed: 1 }),
    output: '{"passed":1}',
    issues: [
      { path: "passed", message: "Invalid input: expected boolean, received number" },
      { path: "reason", message: "Invalid input: expected string, received undefined" },
    ],
    usage: { inputTokens: 62, outputTokens: 18, estimated: false },
  },
});
