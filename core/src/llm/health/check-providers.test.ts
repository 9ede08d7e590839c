import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConfigInput, ConfigSchema } from "../../config/config-schema.js";
import { createHttpMock, type HttpMock } from "../../testing/http-mock.js";
import { checkProviders } from "./check-providers.js";
import {
  ANTHROPIC_INVALID_KEY,
  ANTHROPIC_MODELS,
  OLLAMA_TAGS,
  OPENAI_INVALID_KEY,
  OPENAI_MODELS,
} from "./test-support/wire-fixtures.js";

const OLLAMA = "http://ollama.test:11434";

function config(input: ConfigInput = {}) {
  return ConfigSchema.parse({
    ...input,
    providers: { ...input.providers, ollama: { host: OLLAMA, ...input.providers?.ollama } },
  });
}

const byName = (results: Awaited<ReturnType<typeof checkProviders>>, name: string) =>
  results.find((result) => result.name === name);

describe("checkProviders", () => {
  let http: HttpMock;
  beforeAll(async () => {
    http = await createHttpMock();
  });
  afterEach(() => http.verify());
  afterAll(() => http.close());

  it("checks each keyed provider with a models call and passes when they answer", async () => {
    http.scope("https://api.openai.com").get("/v1/models").reply(200, OPENAI_MODELS);
    http
      .scope("https://api.anthropic.com")
      .get("/v1/models")
      .reply(200, ANTHROPIC_MODELS, { "request-id": "req_1" });
    http.scope(OLLAMA).get("/api/tags").reply(200, OLLAMA_TAGS);

    const results = await checkProviders(
      config({
        providers: { openai: { apiKey: "sk-test-123" }, anthropic: { apiKey: "sk-ant-test-456" } },
      }),
    );

    expect(results.map((result) => [result.name, result.ok, result.required])).toEqual([
      ["OpenAI API", true, true],
      ["Anthropic API", true, true],
      ["Ollama", true, false],
      ["LLM providers", true, true],
    ]);
    expect(byName(results, "OpenAI API")?.detail).toMatch(
      /^https:\/\/api\.openai\.com\/v1 answered in \d+ ms, 2 models listed$/,
    );
    expect(byName(results, "Ollama")?.detail).toMatch(/answered in \d+ ms, 1 models pulled$/);
    const openaiRequest = http.requests.find((request) =>
      request.url.startsWith("https://api.openai.com"),
    );
    expect(openaiRequest?.headers.authorization).toBe("Bearer sk-test-123");
    const anthropicRequest = http.requests.find((request) =>
      request.url.startsWith("https://api.anthropic.com"),
    );
    expect(anthropicRequest?.headers["x-api-key"]).toBe("sk-ant-test-456");
    expect(anthropicRequest?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(JSON.stringify(results)).not.toMatch(/sk-test-123|sk-ant-test-456/);
  });

  it("reports a rejected key as a failed required check without echoing the key", async () => {
    http.scope("https://api.openai.com").get("/v1/models").reply(401, OPENAI_INVALID_KEY);
    http.scope("https://api.anthropic.com").get("/v1/models").reply(401, ANTHROPIC_INVALID_KEY);
    http.scope(OLLAMA).get("/api/tags").reply(200, OLLAMA_TAGS);

    const results = await checkProviders(
      config({
        providers: { openai: { apiKey: "sk-wrong" }, anthropic: { apiKey: "sk-ant-wrong" } },
      }),
    );

    expect(byName(results, "OpenAI API")).toMatchObject({
      ok: false,
      required: true,
      fix: "OPENAI_API_KEY was rejected: set it to a valid key",
    });
    expect(byName(results, "OpenAI API")?.detail).toMatch(/answered 401 \(invalid_api_key\)/);
    expect(byName(results, "Anthropic API")?.detail).toMatch(
      /answered 401 \(authentication_error\)/,
    );
    expect(byName(results, "Anthropic API")?.fix).toContain("ANTHROPIC_API_KEY");
    expect(JSON.stringify(results)).not.toContain("sk-wrong");
    // Ollama still answers, so there is a provider to use.
    expect(byName(results, "LLM providers")?.ok).toBe(true);
  });

  it("asks an OpenAI-compatible endpoint at its base URL and reports an overloaded Anthropic", async () => {
    http.scope("http://llm.test").get("/v1/models").reply(200, OPENAI_MODELS);
    http
      .scope("https://api.anthropic.com")
      .get("/v1/models")
      .reply(529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    http.scope(OLLAMA).get("/api/tags").reply(200, OLLAMA_TAGS);

    const results = await checkProviders(
      config({
        providers: {
          openai: { apiKey: "sk-test", baseUrl: "http://llm.test/v1/" },
          anthropic: { apiKey: "sk-ant" },
        },
      }),
    );

    expect(byName(results, "OpenAI API")?.ok).toBe(true);
    expect(byName(results, "Anthropic API")).toMatchObject({
      ok: false,
      fix: expect.stringContaining("try again later"),
    });
    expect(byName(results, "Anthropic API")?.detail).toContain("529 (overloaded_error)");
  });

  it("without keys, names the variable a tier needs and makes Ollama required", async () => {
    http.scope(OLLAMA).get("/api/tags").reply(200, OLLAMA_TAGS);
    let clock = 0;

    const results = await checkProviders(config(), { now: () => (clock += 25) });

    expect(results.map((result) => result.name)).toEqual(["OpenAI API", "Ollama", "LLM providers"]);
    expect(byName(results, "OpenAI API")).toEqual({
      name: "OpenAI API",
      ok: false,
      required: false,
      detail:
        "OPENAI_API_KEY is not set; the medium, hard tiers use openai and will fall back to another provider",
      fix: "set OPENAI_API_KEY, or route those tiers to another provider (routing.models)",
    });
    expect(byName(results, "Ollama")).toMatchObject({
      ok: true,
      required: true,
      durationMs: 25,
      detail: `${OLLAMA} answered in 25 ms, 1 models pulled`,
    });
  });

  it("tells which Ollama model to pull when a tier's model is missing", async () => {
    http.scope(OLLAMA).get("/api/tags").reply(200, { models: [] });

    const results = await checkProviders(
      config({
        routing: { models: { simple: "ollama/qwen2.5-coder:7b", medium: "ollama/llama3:8b" } },
      }),
    );

    expect(byName(results, "Ollama")).toMatchObject({
      ok: false,
      fix: "ollama pull qwen2.5-coder:7b && ollama pull llama3:8b",
    });
    expect(byName(results, "Ollama")?.detail).toContain("missing: qwen2.5-coder:7b, llama3:8b");
  });

  it("fails the summary with what to set when no provider can answer", async () => {
    http
      .scope(OLLAMA)
      .get("/api/tags")
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));

    const results = await checkProviders(config());

    expect(byName(results, "Ollama")).toMatchObject({
      ok: false,
      required: true,
      fix: "start Ollama (ollama serve), or set OLLAMA_HOST to where it runs",
    });
    expect(byName(results, "Ollama")?.detail).toContain(`${OLLAMA} is not reachable`);
    expect(byName(results, "LLM providers")).toEqual({
      name: "LLM providers",
      ok: false,
      required: true,
      detail: "no provider can answer",
      fix: "set OPENAI_API_KEY or ANTHROPIC_API_KEY, or start Ollama (ollama serve) and set OLLAMA_HOST",
    });
  });

  it("marks Ollama optional when a cloud key is set", async () => {
    http.scope("https://api.openai.com").get("/v1/models").reply(200, OPENAI_MODELS);
    http.scope(OLLAMA).get("/api/tags").reply(503, "starting");

    const results = await checkProviders(config({ providers: { openai: { apiKey: "sk-test" } } }));

    expect(byName(results, "Ollama")).toMatchObject({ ok: false, required: false });
    expect(byName(results, "Ollama")?.detail).toContain(
      "answered 503 (optional: the router falls back",
    );
    expect(byName(results, "LLM providers")).toMatchObject({
      ok: true,
      detail: "usable: OpenAI API",
    });
  });

  it("gives up on an endpoint slower than the timeout", async () => {
    http.allowLocalhost();
    const server = createServer((_request, response) => {
      setTimeout(() => response.end(JSON.stringify(OLLAMA_TAGS)), 2_000).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const results = await checkProviders(config({ providers: { ollama: { host } } }), {
        timeoutMs: 100,
      });

      expect(byName(results, "Ollama")?.ok).toBe(false);
      expect(byName(results, "Ollama")?.detail).toBe(
        `${host} is not reachable: no answer within 100 ms`,
      );
      expect(byName(results, "Ollama")?.durationMs).toBeLessThan(1_500);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
