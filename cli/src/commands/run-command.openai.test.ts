import { createFakeExecutor, createHttpMock } from "@codeforge/core/testing";
import { Command } from "commander";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { realRunWiring } from "../run/run-wiring.js";
import { captureContext } from "../test-support/capture-context.js";
import { createRunCommand } from "./run-command.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const CODE = 'def add(a: int, b: int) -> int:\n    """Sum of a and b."""\n    return a + b\n';

/** A Chat Completions answer in OpenAI's documented wire format. */
function completion(content: string, usage: { prompt_tokens: number; completion_tokens: number }) {
  return {
    id: "chatcmpl-C3x9a7PqLmN2oT8fYk4",
    object: "chat.completion",
    created: 1_767_225_600,
    model: "gpt-4o-mini-2024-07-18",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: {
      ...usage,
      total_tokens: usage.prompt_tokens + usage.completion_tokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: "default",
    system_fingerprint: "fp_34a54ae93c",
  };
}

describe("codeforge run against OpenAI's wire format", () => {
  it("asks for the coder's strict JSON schema, runs the answer and reports tokens and cost from the usage", async () => {
    const segment = {
      code: CODE,
      tests: "assert add(2, 3) == 5",
      imports: [],
      explanation: "adds",
    };
    http
      .scope("https://api.openai.com")
      .post("/v1/chat/completions")
      .reply(
        200,
        completion(JSON.stringify(segment), { prompt_tokens: 300, completion_tokens: 120 }),
        {
          "content-type": "application/json",
          "x-request-id": "req_run_1",
        },
      );
    const executor = createFakeExecutor([
      { stdout: "[]\n" },
      { stdout: "codeforge: tests passed\n" },
    ]);
    const context = captureContext({
      env: { OPENAI_API_KEY: "sk-test-key", CODEFORGE_LOG_LEVEL: "silent" },
    });
    const box: ExitCodeBox = { code: EXIT_CODES.success };
    const program = new Command("codeforge").exitOverride();
    createRunCommand({
      ...realRunWiring,
      executor: () => executor,
      store: async () => undefined,
      preflight: async () => {},
    })(program, context, box);

    await program.parseAsync(
      [
        "run",
        "Write a function add(a, b) returning the sum.",
        "--model",
        "openai/gpt-4o-mini",
        "--json",
      ],
      { from: "user" },
    );

    expect(box.code).toBe(EXIT_CODES.success);
    const result = JSON.parse(context.output());
    expect(result).toMatchObject({ status: "completed", finalCode: CODE, totalTokens: 420 });
    // 300 × $0.15/M + 120 × $0.60/M
    expect(result.totalCostUsd).toBeCloseTo(0.000117, 9);
    const body = http.requests[0]?.json as {
      model: string;
      messages: Array<{ role: string; content: string }>;
      response_format: { type: string; json_schema: { name: string; strict: boolean } };
    };
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema).toMatchObject({ name: "code", strict: true });
    expect(body.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(body.messages[1]?.content).toContain("Write a function add(a, b) returning the sum.");
    expect(http.requests[0]?.headers.authorization).toBe("Bearer sk-test-key");
  });
});
