import { describe, expect, it } from "vitest";
import { RoutingConfigSchema } from "../../config/config-schema.js";
import { ProviderError } from "../../errors/provider-error.js";
import { createScriptedModel } from "../../testing/scripted-model.js";
import { createCaptureLogger, WARN_LEVEL } from "../pricing/test-support/capture-logger.js";
import { classifyComplexityWithModel } from "./llm-classifier.js";

const routing = RoutingConfigSchema.parse({});

describe("classifyComplexityWithModel", () => {
  it("uses the model's answer when it keeps the JSON contract", async () => {
    const model = createScriptedModel(
      [
        JSON.stringify({
          level: "hard",
          confidence: 0.8,
          reasoning: "Needs a parser and an evaluator.",
        }),
      ],
      { id: "openai/gpt-4o-mini" },
    );

    const result = await classifyComplexityWithModel(
      "Write a calculator for arithmetic expressions",
      {
        model,
        routing,
      },
    );

    expect(result).toMatchObject({
      level: "hard",
      confidence: 0.8,
      reasoning: "Needs a parser and an evaluator.",
      source: "llm",
    });
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.request.messages[0]?.content).toContain("Write a calculator");
    expect(model.requests[0]?.request.schema).toBeDefined();
    expect(model.requests[0]?.request.temperature).toBe(0);
  });

  it("reads an answer wrapped in code fences when the provider returned only text", async () => {
    const model = createScriptedModel(
      ['```json\n{"level": "simple", "confidence": 0.9, "reasoning": "One print call."}\n```'],
      { id: "ollama/llama3:8b" },
    );

    const result = await classifyComplexityWithModel("Print hi", { model, routing });

    expect(result.level).toBe("simple");
    expect(result.source).toBe("llm");
  });

  it("reads an answer with prose around the JSON, as every structured reader does", async () => {
    const model = createScriptedModel(
      [
        'Here is my assessment: {"level": "medium", "confidence": 0.7, "reasoning": "A class with file handling."} Hope that helps.',
      ],
      { id: "ollama/llama3:8b" },
    );

    const result = await classifyComplexityWithModel("Parse a CSV file into records", {
      model,
      routing,
    });

    expect(result).toMatchObject({ level: "medium", confidence: 0.7, source: "llm" });
  });

  it.each([
    [
      "a provider error",
      new ProviderError("OpenAI answered 500", { provider: "openai", status: 500 }),
    ],
    ["text that is not JSON", "I think this is fairly hard."],
    [
      "JSON outside the contract",
      JSON.stringify({ level: "extreme", confidence: 2, reasoning: "" }),
    ],
  ])("falls back to the heuristic on %s and warns", async (_case, answer) => {
    const { logger, lines } = createCaptureLogger();
    const model = createScriptedModel([answer instanceof Error ? { error: answer } : answer], {
      id: "openai/gpt-4o-mini",
    });

    const result = await classifyComplexityWithModel("Write a hello world program", {
      model,
      routing,
      logger,
    });

    expect(result.source).toBe("heuristic");
    expect(result.level).toBe("simple");
    const warning = lines.find((line) => line.level === WARN_LEVEL);
    expect(warning?.msg).toContain("using the heuristic classifier");
    expect(warning?.model).toBe("openai/gpt-4o-mini");
  });

  it("rethrows when the caller cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const model = createScriptedModel([{ error: new DOMException("aborted", "AbortError") }], {
      id: "openai/gpt-4o-mini",
    });

    await expect(
      classifyComplexityWithModel("Write FizzBuzz", { model, routing, signal: controller.signal }),
    ).rejects.toThrow("aborted");
  });
});
