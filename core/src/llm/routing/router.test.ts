import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConfigInput, ConfigSchema } from "../../config/config-schema.js";
import { ConfigError } from "../../errors/config-error.js";
import { createHttpMock, type HttpMock } from "../../testing/http-mock.js";
import { createScriptedModel } from "../../testing/scripted-model.js";
import { OLLAMA_TAGS } from "../health/test-support/wire-fixtures.js";
import { createCaptureLogger } from "../pricing/test-support/capture-logger.js";
import type { ModelChoice } from "./model-choice.js";
import { NoProviderError } from "./no-provider-error.js";
import { createRouter } from "./router.js";

const HELLO = "Write a hello world program";
const CSV_FILTER =
  "Write a function that reads a CSV file and filters rows where the age column is greater than 30";
const SCRAPER =
  "Build a distributed web scraper with rate limiting, retry logic, and a database backend that handles concurrent requests across multiple worker processes";

const BOTH_KEYS = {
  providers: { openai: { apiKey: "sk-test" }, anthropic: { apiKey: "sk-ant-test" } },
};

function setup(input: ConfigInput, ollamaUp: boolean, extra: { classifier?: string[] } = {}) {
  const config = ConfigSchema.parse(input);
  const built: ModelChoice[] = [];
  const { logger, lines } = createCaptureLogger();
  const router = createRouter({
    config,
    createModel: (choice) => {
      built.push(choice);
      return createScriptedModel([], { id: `${choice.provider}/${choice.model}` });
    },
    isOllamaReachable: async () => ollamaUp,
    classifierModel: extra.classifier
      ? createScriptedModel(extra.classifier, { id: "openai/gpt-4o-mini" })
      : undefined,
    logger,
  });
  return { router, built, lines };
}

describe("createRouter", () => {
  it("routes each tier to its configured model when every provider is available", async () => {
    const { router } = setup(BOTH_KEYS, true);

    const simple = await router.route(HELLO);
    const medium = await router.route(CSV_FILTER);
    const hard = await router.route(SCRAPER);

    expect(simple.model.id).toBe("ollama/llama3:8b");
    expect(simple.complexity.level).toBe("simple");
    expect(simple.fallback).toBe(false);
    expect(medium.ref).toEqual({ provider: "openai", model: "gpt-4o-mini" });
    expect(hard.ref).toEqual({ provider: "openai", model: "gpt-4o" });
    expect(hard.reason).toMatch(/^hard task \(score 1\.00\): routed to openai\/gpt-4o$/);
  });

  it("falls back from Ollama to OpenAI for a simple task when Ollama is down", async () => {
    const { router, lines } = setup(BOTH_KEYS, false);

    const decision = await router.route(HELLO);

    expect(decision.ref).toEqual({ provider: "openai", model: "gpt-4o-mini" });
    expect(decision.fallback).toBe(true);
    expect(decision.reason).toBe(
      "simple task: Ollama does not answer, so it falls back to openai/gpt-4o-mini",
    );
    const logged = lines.find((line) => line.msg === decision.reason);
    expect(logged).toMatchObject({
      level: 30,
      tier: "simple",
      provider: "openai",
      model: "gpt-4o-mini",
      fallback: true,
    });
  });

  it("falls back to Anthropic's model for the tier when no OpenAI key is set", async () => {
    const { router } = setup({ providers: { anthropic: { apiKey: "sk-ant-test" } } }, false);

    const hard = await router.route(SCRAPER);
    const simple = await router.route(HELLO);

    expect(hard.ref).toEqual({ provider: "anthropic", model: "claude-sonnet-4-5" });
    expect(hard.reason).toContain("OPENAI_API_KEY is not set");
    // simple: Ollama down, then OpenAI without a key, then Anthropic
    expect(simple.ref).toEqual({ provider: "anthropic", model: "claude-haiku-4-5" });
    expect(simple.reason).toContain("Ollama does not answer, OPENAI_API_KEY is not set");
  });

  it("runs a hard task on Ollama when nothing else is available", async () => {
    const { router } = setup({}, true);

    const decision = await router.route(SCRAPER);

    expect(decision.ref).toEqual({ provider: "ollama", model: "llama3:8b" });
    expect(decision.fallback).toBe(true);
  });

  it("tries the configured provider first even when it is not first in the chain", async () => {
    const { router } = setup(
      { ...BOTH_KEYS, routing: { models: { simple: "anthropic/claude-3-5-haiku-latest" } } },
      true,
    );

    const decision = await router.route(HELLO);

    expect(decision.ref).toEqual({ provider: "anthropic", model: "claude-3-5-haiku-latest" });
    expect(decision.fallback).toBe(false);
  });

  it("names every variable to set when no provider is available", async () => {
    const { router } = setup({}, false);

    const attempt = router.route(HELLO);

    await expect(attempt).rejects.toBeInstanceOf(NoProviderError);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/OPENAI_API_KEY: is not set/);
    await expect(attempt).rejects.toThrow(/ANTHROPIC_API_KEY: is not set/);
    await expect(attempt).rejects.toThrow(
      /OLLAMA_HOST=http:\/\/127\.0\.0\.1:11434: does not answer: start Ollama/,
    );
  });

  it("builds each model once and reuses it", async () => {
    const { router, built } = setup(BOTH_KEYS, true);

    const first = await router.route(SCRAPER);
    const second = await router.route(
      "Implement a REST API backed by a PostgreSQL database with concurrent workers",
    );

    expect(second.model).toBe(first.model);
    expect(built).toEqual([{ provider: "openai", model: "gpt-4o" }]);
  });

  it("routes at the level the caller gives", async () => {
    const { router } = setup(BOTH_KEYS, true);

    const decision = await router.route(HELLO, { level: "hard" });

    expect(decision.ref.model).toBe("gpt-4o");
    expect(decision.complexity.level).toBe("hard");
  });

  it("classifies with the LLM classifier when it is switched on", async () => {
    const { router } = setup({ ...BOTH_KEYS, routing: { llmClassifier: true } }, true, {
      classifier: [
        JSON.stringify({ level: "hard", confidence: 0.9, reasoning: "Needs a protocol." }),
      ],
    });

    const decision = await router.route(HELLO);

    expect(decision.complexity.source).toBe("llm");
    expect(decision.ref.model).toBe("gpt-4o");
  });

  it("lists the available providers", async () => {
    expect(
      await setup(
        { providers: { openai: { apiKey: "sk-test" } } },
        true,
      ).router.availableProviders(),
    ).toEqual(["openai", "ollama"]);
    expect(await setup({}, false).router.availableProviders()).toEqual([]);
  });

  it("estimates a call's cost from counted input tokens and the level's expected output", () => {
    const { router } = setup(BOTH_KEYS, true);

    const estimate = router.estimateCost(HELLO, "openai/gpt-4o-mini");
    const local = router.estimateCost(HELLO, createScriptedModel([], { id: "ollama/llama3:8b" }));
    const given = router.estimateCost(HELLO, "gpt-4o", { outputTokens: 1_000 });

    // "Write a hello world program" is 5 tokens; a simple task is expected to answer 300.
    expect(estimate).toEqual({
      model: "openai/gpt-4o-mini",
      inputTokens: 5,
      outputTokens: 300,
      costUsd: expect.closeTo((5 * 0.15 + 300 * 0.6) / 1_000_000, 15),
    });
    expect(local.costUsd).toBe(0);
    expect(given.costUsd).toBeCloseTo((5 * 2.5 + 1_000 * 10) / 1_000_000, 15);
  });
});

describe("createRouter with the default Ollama probe", () => {
  let http: HttpMock;
  beforeAll(async () => {
    http = await createHttpMock();
  });
  afterEach(() => http.verify());
  afterAll(() => http.close());

  it("asks Ollama's /api/tags once and reuses the answer", async () => {
    http.scope("http://ollama.test:11434").get("/api/tags").once().reply(200, OLLAMA_TAGS);
    const router = createRouter({
      config: ConfigSchema.parse({ providers: { ollama: { host: "http://ollama.test:11434" } } }),
      createModel: (choice) =>
        createScriptedModel([], { id: `${choice.provider}/${choice.model}` }),
    });

    const first = await router.route(HELLO);
    const second = await router.route("Print the numbers from 1 to 10");

    expect(first.ref.provider).toBe("ollama");
    expect(second.ref.provider).toBe("ollama");
    expect(http.requests).toHaveLength(1);
  });

  it("treats a refused connection as Ollama being down", async () => {
    http
      .scope("http://ollama.test:11434")
      .get("/api/tags")
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    const router = createRouter({
      config: ConfigSchema.parse({
        providers: { openai: { apiKey: "sk-test" }, ollama: { host: "http://ollama.test:11434" } },
      }),
      createModel: (choice) =>
        createScriptedModel([], { id: `${choice.provider}/${choice.model}` }),
    });

    const decision = await router.route(HELLO);

    expect(decision.ref).toEqual({ provider: "openai", model: "gpt-4o-mini" });
  });
});
