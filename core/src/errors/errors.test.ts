import { describe, expect, it } from "vitest";
import { CodeForgeError, ConfigError, ProviderError, SandboxError } from "./index.js";

describe("CodeForgeError", () => {
  it("takes its name from the subclass and keeps the cause", () => {
    const cause = new Error("socket hang up");

    const error = new ProviderError("OpenAI did not answer", {
      provider: "openai",
      status: 503,
      requestId: "req_1",
      retryable: true,
      cause,
    });

    expect(error).toBeInstanceOf(CodeForgeError);
    expect(error.name).toBe("ProviderError");
    expect(error.cause).toBe(cause);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(503);
  });

  it("is not retryable unless said so", () => {
    const error = new SandboxError("Docker is not running", { code: "daemon_unreachable" });

    expect(error.retryable).toBe(false);
    expect(error.code).toBe("daemon_unreachable");
  });
});

describe("ConfigError", () => {
  it("names the source and the allowed range of a single problem", () => {
    const error = new ConfigError([
      {
        path: "sandbox.timeoutSeconds",
        source: "CODEFORGE_SANDBOX_TIMEOUT_SECONDS=500",
        message: "must be between 5 and 120",
      },
    ]);

    expect(error.message).toBe(
      "Invalid configuration: CODEFORGE_SANDBOX_TIMEOUT_SECONDS=500 must be between 5 and 120",
    );
    expect(error.field).toBe("sandbox.timeoutSeconds");
  });

  it("lists every problem when there are several", () => {
    const error = new ConfigError([
      { path: "a", source: "A", message: "is wrong" },
      { path: "b", source: "B", message: "is wrong too" },
    ]);

    expect(error.message).toContain("2 problems");
    expect(error.message).toContain("  - A: is wrong");
    expect(error.message).toContain("  - B: is wrong too");
  });
});
