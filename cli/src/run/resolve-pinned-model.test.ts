import { UsageError } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { resolvePinnedModel } from "./resolve-pinned-model.js";

describe("resolvePinnedModel", () => {
  it("reads provider/model, a provider with a model, or a provider alone", () => {
    expect(resolvePinnedModel({})).toBeUndefined();
    expect(resolvePinnedModel({ model: "anthropic/claude-sonnet-4-5" })).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
    });
    expect(resolvePinnedModel({ provider: "ollama", model: "qwen2.5-coder:7b" })).toEqual({
      provider: "ollama",
      model: "qwen2.5-coder:7b",
    });
    expect(resolvePinnedModel({ provider: "openai" })).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
    });
  });

  it("refuses an unknown provider and a bare model without one", () => {
    expect(() => resolvePinnedModel({ provider: "gemini" })).toThrow(UsageError);
    expect(() => resolvePinnedModel({ model: "gpt-4o" })).toThrow(/--model openai\/gpt-4o/);
    expect(() => resolvePinnedModel({ model: "mistral/large" })).toThrow(UsageError);
  });
});
