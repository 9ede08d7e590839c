import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../config/config-schema.js";
import { createHttpMock, type HttpMock } from "../../testing/http-mock.js";
import { NO_PROVIDER_FIX } from "../routing/no-provider-advice.js";
import { checkProviders } from "./check-providers.js";
import { OPENAI_INVALID_KEY } from "./test-support/wire-fixtures.js";

const OLLAMA = "http://ollama.test:11434";
const refused = () => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });

describe("checkProviders' summary fix", () => {
  let http: HttpMock;
  beforeAll(async () => {
    http = await createHttpMock();
  });
  afterEach(() => http.verify());
  afterAll(() => http.close());

  it("points at the failing provider lines, not at setting a key, when both keys are set but unreachable", async () => {
    http.scope("https://api.openai.com").get("/v1/models").replyWithError(refused());
    http.scope("https://api.anthropic.com").get("/v1/models").replyWithError(refused());
    http.scope(OLLAMA).get("/api/tags").replyWithError(refused());
    const config = ConfigSchema.parse({
      providers: {
        openai: { apiKey: "sk-test-123" },
        anthropic: { apiKey: "sk-ant-test-456" },
        ollama: { host: OLLAMA },
      },
    });

    const results = await checkProviders(config);

    const summary = results.find((result) => result.name === "LLM providers");
    expect(summary).toMatchObject({ ok: false, required: true, detail: "no provider can answer" });
    expect(summary?.fix).toBe(
      "follow the fix on the OpenAI API, Anthropic API, Ollama lines above: a key is set, so check that it is valid and that its endpoint is reachable from this machine (network, proxy, base URL)",
    );
    expect(summary?.fix).not.toContain("set OPENAI_API_KEY");
    expect(results.find((result) => result.name === "OpenAI API")?.fix).toContain(
      "check the network connection to https://api.openai.com/v1",
    );
  });

  it("names only the failing lines when the one key is rejected and Ollama lacks the models", async () => {
    http.scope("https://api.openai.com").get("/v1/models").reply(401, OPENAI_INVALID_KEY);
    http.scope(OLLAMA).get("/api/tags").reply(200, { models: [] });
    const config = ConfigSchema.parse({
      providers: { openai: { apiKey: "sk-wrong" }, ollama: { host: OLLAMA } },
    });

    const results = await checkProviders(config);

    const summary = results.find((result) => result.name === "LLM providers");
    expect(summary?.fix).toMatch(/^follow the fix on the OpenAI API, Ollama lines above: /);
    expect(results.find((result) => result.name === "OpenAI API")?.fix).toBe(
      "OPENAI_API_KEY was rejected: set it to a valid key",
    );
  });

  it("still says which variables to set when no key is set", async () => {
    http.scope(OLLAMA).get("/api/tags").replyWithError(refused());
    const config = ConfigSchema.parse({ providers: { ollama: { host: OLLAMA } } });

    const results = await checkProviders(config);

    expect(results.find((result) => result.name === "LLM providers")?.fix).toBe(NO_PROVIDER_FIX);
  });
});
