import {
  createFakeExecutor,
  createHttpMock,
  OPENAI_ORIGIN,
  openAICompletion,
  openAIHeaders,
  passingRun,
} from "@codeforge/core/testing";
import { Command } from "commander";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createCliParts } from "../cli-parts.js";
import type { ExitCodeBox } from "../command-action.js";
import { EXIT_CODES } from "../exit-codes.js";
import { captureContext } from "../test-support/capture-context.js";
import { createRunCommand } from "./run-command.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const CODE =
  'def add(a: int, b: int) -> int:\n    """Sum of a and b."""\n    return a + b\n\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';

describe("codeforge run against OpenAI's wire format", () => {
  it("asks for the coder's strict JSON schema, runs the answer and reports tokens and cost from the usage", async () => {
    const segment = {
      code: CODE,
      tests: "assert add(2, 3) == 5",
      imports: [],
      explanation: "adds",
    };
    http
      .scope(OPENAI_ORIGIN)
      .post("/v1/chat/completions")
      .reply(
        200,
        openAICompletion(JSON.stringify(segment), {
          usage: { prompt_tokens: 300, completion_tokens: 120 },
        }),
        openAIHeaders("req_run_1"),
      );
    const executor = createFakeExecutor([
      { stdout: "[]\n" },
      passingRun("codeforge: tests passed\n"),
    ]);
    const context = captureContext({
      env: { OPENAI_API_KEY: "sk-test-key", CODEFORGE_LOG_LEVEL: "silent" },
    });
    const box: ExitCodeBox = { code: EXIT_CODES.success };
    const program = new Command("codeforge").exitOverride();
    createRunCommand(
      createCliParts({
        executor: () => executor,
        store: async () => undefined,
        preflight: async () => {},
      }),
    )(program, context, box);

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
