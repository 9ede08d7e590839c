import { ConfigSchema, SandboxError, UsageError } from "@codeforge/core";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { checkSandboxReady, resolvePinnedModel } from "./run-wiring.js";

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

describe("checkSandboxReady", () => {
  it("fails fast with the fix when the Docker engine does not answer", async () => {
    const docker = new Docker({ socketPath: "/nonexistent/codeforge-test.sock" });

    const failing = checkSandboxReady(docker, ConfigSchema.parse({}), "python");

    await expect(failing).rejects.toBeInstanceOf(SandboxError);
    await expect(failing).rejects.toMatchObject({ code: "daemon_unreachable" });
    await expect(failing).rejects.toThrow(/Docker engine/);
  });
});
