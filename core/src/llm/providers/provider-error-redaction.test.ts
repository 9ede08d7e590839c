import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../config/index.js";
import { ProviderError } from "../../errors/index.js";
import { createHttpMock } from "../../testing/http-mock.js";
import { OPENAI_ORIGIN, openAIError, openAIHeaders } from "../../testing/openai-wire.js";
import type { LanguageModel } from "../language-model.js";
import { createFakeSleep } from "../retry/test-support/fake-sleep.js";
import { createLanguageModel } from "./create-language-model.js";
import {
  ANTHROPIC_ORIGIN,
  anthropicError,
  anthropicHeaders,
} from "./test-support/anthropic-wire.js";
import { OLLAMA_JSON, OLLAMA_ORIGIN, ollamaError } from "./test-support/ollama-wire.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const OPENAI_KEY = "sk-proj-CanaryOpenAI0123456789abcdefghijklmnop";
const ANTHROPIC_KEY = "sk-ant-api03-CanaryAnthropic0123456789abcdefghijkl-AA";
/** Configured nowhere: only its shape gives it away. */
const STRAY_TOKEN = "ghp_CanaryGitHub0123456789abcdefghijklmn";

const config = ConfigSchema.parse({
  providers: { openai: { apiKey: OPENAI_KEY }, anthropic: { apiKey: ANTHROPIC_KEY } },
  llm: { maxRetries: 0 },
});

function build(provider: "openai" | "anthropic" | "ollama", model: string): LanguageModel {
  return createLanguageModel({ provider, model }, config, { sleep: createFakeSleep().sleep });
}

async function failure(model: LanguageModel): Promise<ProviderError> {
  const error = await model.generate({ messages: [{ role: "user", content: "hi" }] }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${error}`);
  return error;
}

function expectNoSecret(message: string): void {
  for (const secret of [OPENAI_KEY, ANTHROPIC_KEY, STRAY_TOKEN]) {
    expect(message).not.toContain(secret);
  }
  expect(message).toContain("[REDACTED]");
}

describe("provider error messages", () => {
  it("keep out a key OpenAI (or a proxy) echoes, whole or in a bearer header, on 401 and 500", async () => {
    http
      .scope(OPENAI_ORIGIN)
      .post("/v1/chat/completions")
      .reply(
        401,
        openAIError(
          `Incorrect API key provided: ${OPENAI_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          "invalid_request_error",
          "invalid_api_key",
        ),
        openAIHeaders("req_canary"),
      )
      .post("/v1/chat/completions")
      .reply(
        500,
        openAIError(
          `upstream rejected Authorization: Bearer ${OPENAI_KEY} (also had ${STRAY_TOKEN})`,
          "server_error",
        ),
        openAIHeaders("req_canary_500"),
      );

    const unauthorized = await failure(build("openai", "gpt-4o-mini"));
    const broken = await failure(build("openai", "gpt-4o-mini"));

    expect(unauthorized.message).toMatch(
      /^OpenAI answered HTTP 401: Incorrect API key provided: \[REDACTED\]\./,
    );
    expect(unauthorized.message).toContain("- check OPENAI_API_KEY");
    expectNoSecret(unauthorized.message);
    expectNoSecret(broken.message);
  });

  it("keep out a key Anthropic's error format carries, and the other provider's key", async () => {
    http
      .scope(ANTHROPIC_ORIGIN)
      .post("/v1/messages")
      .reply(
        401,
        anthropicError(
          "authentication_error",
          `invalid x-api-key: ${ANTHROPIC_KEY} (openai ${OPENAI_KEY})`,
        ),
        anthropicHeaders("req_canary"),
      );

    const error = await failure(build("anthropic", "claude-sonnet-4-5"));

    expect(error.message).toMatch(/^Anthropic answered HTTP 401: invalid x-api-key: \[REDACTED\]/);
    expectNoSecret(error.message);
  });

  it("keep out configured keys and key-shaped tokens an Ollama proxy echoes", async () => {
    http
      .scope(OLLAMA_ORIGIN)
      .post("/api/chat")
      .reply(
        500,
        ollamaError(`proxy: forwarded Authorization: Bearer ${OPENAI_KEY}; token ${STRAY_TOKEN}`),
        OLLAMA_JSON,
      );

    const error = await failure(build("ollama", "llama3:8b"));

    expect(error.message).toMatch(
      /^Ollama answered HTTP 500: proxy: forwarded Authorization: Bearer \[REDACTED\]/,
    );
    expectNoSecret(error.message);
  });
});
