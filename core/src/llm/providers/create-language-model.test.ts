import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type Config, ConfigSchema } from "../../config/index.js";
import { ConfigError } from "../../errors/index.js";
import { createLogger } from "../../logging/index.js";
import { createHttpMock } from "../../testing/http-mock.js";
import { openAICompletion, openAIError, openAIHeaders } from "../../testing/openai-wire.js";
import { createFakeSleep } from "../retry/test-support/fake-sleep.js";
import { createLanguageModel } from "./create-language-model.js";
import { anthropicHeaders, anthropicMessage } from "./test-support/anthropic-wire.js";
import { ollamaChat } from "./test-support/ollama-wire.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

function config(providers: Config["providers"]): Config {
  return { ...ConfigSchema.parse({}), providers };
}

const hello = { messages: [{ role: "user" as const, content: "hi" }] };

describe("createLanguageModel", () => {
  it("says which variable to set when a key is missing", () => {
    const bare = ConfigSchema.parse({});

    const openai = () => createLanguageModel({ provider: "openai", model: "gpt-4o-mini" }, bare);
    const anthropic = () =>
      createLanguageModel({ provider: "anthropic", model: "claude-haiku-5-5" }, bare);

    expect(openai).toThrow(ConfigError);
    expect(openai).toThrow(
      "Invalid configuration: OPENAI_API_KEY is not set: set it, or choose another provider with --provider",
    );
    expect(anthropic).toThrow(
      "Invalid configuration: ANTHROPIC_API_KEY is not set: set it, or choose another provider with --provider",
    );
  });

  it("uses the configured OpenAI-compatible base URL and organization", async () => {
    http
      .scope("http://llm.internal:8000")
      .post("/v1/chat/completions")
      .matchHeader("authorization", "Bearer sk-proxy")
      .matchHeader("openai-organization", "org-cf")
      .reply(200, openAICompletion("from the proxy"), openAIHeaders());
    const model = createLanguageModel(
      { provider: "openai", model: "gpt-4o-mini" },
      config({
        openai: {
          apiKey: "sk-proxy",
          baseUrl: "http://llm.internal:8000/v1",
          organization: "org-cf",
        },
        anthropic: {},
        ollama: { host: "http://127.0.0.1:11434" },
      }),
    );

    const result = await model.generate(hello);

    expect(model.id).toBe("openai/gpt-4o-mini");
    expect(result.text).toBe("from the proxy");
  });

  it("uses the configured Anthropic base URL", async () => {
    http
      .scope("https://claude-gateway.example.test")
      .post("/v1/messages")
      .reply(200, anthropicMessage([{ type: "text", text: "via gateway" }]), anthropicHeaders());
    const model = createLanguageModel(
      { provider: "anthropic", model: "claude-haiku-5-5" },
      config({
        openai: {},
        anthropic: { apiKey: "sk-ant", baseUrl: "https://claude-gateway.example.test" },
        ollama: { host: "http://127.0.0.1:11434" },
      }),
    );

    expect((await model.generate(hello)).text).toBe("via gateway");
  });

  it("talks to the configured Ollama host without a key", async () => {
    http.scope("http://gpu-box.lan:11434").post("/api/chat").reply(200, ollamaChat("local"));
    const model = createLanguageModel(
      { provider: "ollama", model: "llama3:8b" },
      config({ openai: {}, anthropic: {}, ollama: { host: "http://gpu-box.lan:11434" } }),
    );

    expect((await model.generate(hello)).text).toBe("local");
  });

  it("goes through the given fetch and logs the retry and the call, without the key", async () => {
    http
      .scope("https://api.openai.com")
      .post("/v1/chat/completions")
      .reply(429, openAIError("Rate limit reached", "requests", "rate_limit_exceeded"), {
        ...openAIHeaders("req_slow"),
        "retry-after-ms": "1200",
      })
      .post("/v1/chat/completions")
      .reply(200, openAICompletion("ok"), openAIHeaders("req_ok"));
    const lines: string[] = [];
    const logger = createLogger({
      level: "debug",
      format: "json",
      destination: { write: (text: string) => lines.push(text) },
    });
    const fetched: string[] = [];
    const fake = createFakeSleep();
    const model = createLanguageModel(
      { provider: "openai", model: "gpt-4o-mini" },
      config({
        openai: { apiKey: "sk-secret-key-123" },
        anthropic: {},
        ollama: { host: "http://127.0.0.1:11434" },
      }),
      {
        logger,
        sleep: fake.sleep,
        now: fake.now,
        fetch: (input, init) => {
          fetched.push(String(input instanceof Request ? input.url : input));
          return globalThis.fetch(input, init);
        },
      },
    );

    await model.generate(hello);

    expect(fetched).toEqual([
      "https://api.openai.com/v1/chat/completions",
      "https://api.openai.com/v1/chat/completions",
    ]);
    expect(fake.waits).toEqual([1_200]);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({
      level: 40,
      provider: "openai",
      status: 429,
      requestId: "req_slow",
      attempt: 1,
      delayMs: 1_200,
    });
    expect(records[1]).toMatchObject({
      level: 20,
      provider: "openai",
      requestId: "req_ok",
      inputTokens: 25,
      outputTokens: 7,
      latencyMs: 1_200,
    });
    expect(lines.join("")).not.toContain("sk-secret-key-123");
  });
});
