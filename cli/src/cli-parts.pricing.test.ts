import { ConfigSchema, createLogger, NO_PROVIDER_HEADLINE, type Router } from "@codeforge/core";
import { createHttpMock, type HttpMock } from "@codeforge/core/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCliParts } from "./cli-parts.js";
import { NO_PROVIDER_MESSAGE } from "./run/no-provider-message.js";

const OLLAMA = "http://ollama.test:11434";

function captureLogger() {
  let text = "";
  const logger = createLogger({
    level: "warn",
    format: "json",
    destination: { write: (chunk: string) => (text += chunk) },
  });
  const warnings = () =>
    text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string });
  return { logger, warnings };
}

describe("the real parts' pricing", () => {
  let http: HttpMock;
  beforeAll(async () => {
    http = await createHttpMock();
  });
  afterEach(() => http.verify());
  afterAll(() => http.close());

  it("gives the router and the cost tracker one pricing table, so an unknown model warns once", async () => {
    http
      .scope(OLLAMA)
      .get("/api/tags")
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    const config = ConfigSchema.parse({
      providers: { openai: { apiKey: "sk-test-123" }, ollama: { host: OLLAMA } },
      pricing: { models: { "my-finetune": { inputPerMillion: 1, outputPerMillion: 2 } } },
    });
    const { logger, warnings } = captureLogger();

    const parts = createCliParts();
    const source = await parts.models(config, logger, {});
    const tracker = parts.costTracker(config, logger);
    if (!("router" in source)) throw new Error("expected a router when no model is pinned");
    // The real parts hand out the routing layer's router, which can also estimate.
    const router = source.router as Router;
    const estimate = router.estimateCost("x".repeat(4_000), "my-finetune", {
      outputTokens: 1_000_000,
    });
    router.estimateCost("hello", "mystery-model", { outputTokens: 10 });
    tracker.record({
      model: "mystery-model",
      agent: "coder",
      inputTokens: 10,
      outputTokens: 10,
      durationMs: 1,
    });
    const recorded = tracker.record({
      model: "my-finetune",
      agent: "coder",
      inputTokens: 0,
      outputTokens: 1_000_000,
      durationMs: 1,
    });

    expect(warnings().filter((line) => line.msg.includes('"mystery-model"'))).toHaveLength(1);
    expect(recorded.costUsd).toBeCloseTo(2);
    expect(estimate.costUsd).toBeGreaterThan(2);
  });

  it("words the no-provider message with core's shared advice", () => {
    expect(NO_PROVIDER_MESSAGE.startsWith(`${NO_PROVIDER_HEADLINE}\n`)).toBe(true);
    expect(NO_PROVIDER_MESSAGE).toContain("1. OpenAI: set OPENAI_API_KEY");
    expect(NO_PROVIDER_MESSAGE).toContain("`codeforge doctor` checks them");
  });
});
