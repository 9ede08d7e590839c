import { describe, expect, it } from "vitest";
import { createSecretRedactor, REDACTED } from "./redact-secrets.js";
import { redactValues } from "./redact-values.js";

describe("redactValues", () => {
  it("redacts every string of a nested result and keeps everything else", () => {
    const key = "sk-proj-Canary0123456789abcdefghijklmnop";
    const createdAt = new Date(0);
    const result = {
      status: "failed",
      errorMessage: `OpenAI answered HTTP 401: Incorrect API key provided: ${key}`,
      totalTokens: 0,
      createdAt,
      traces: [{ output: `Bearer ${key}`, tokens: 3 }, null],
      [key]: true,
    };

    const redacted = redactValues(result, createSecretRedactor([key]));

    expect(redacted).toEqual({
      status: "failed",
      errorMessage: `OpenAI answered HTTP 401: Incorrect API key provided: ${REDACTED}`,
      totalTokens: 0,
      createdAt,
      traces: [{ output: `Bearer ${REDACTED}`, tokens: 3 }, null],
      [REDACTED]: true,
    });
    expect(redacted.createdAt).toBe(createdAt);
    expect(result.errorMessage).toContain(key);
  });
});
