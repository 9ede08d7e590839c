import { once } from "node:events";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigSchema, openStore } from "@codeforge/core";
import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";

const sandboxConfig = ConfigSchema.parse({}).sandbox;
const sandbox = await requireSandboxImage(
  createDockerExecutor({ docker: new Docker(), config: sandboxConfig }),
  sandboxConfig,
);

const TASK =
  "Write a function is_leap(year: int) -> bool. Examples: is_leap(2024) is True, is_leap(1900) is False, is_leap(2000) is True.";
const BUGGY =
  'def is_leap(year: int) -> bool:\n    """Whether year is a leap year."""\n    return year % 4 == 0\n\n\ndef main() -> None:\n    print(is_leap(2024))\n\n\nif __name__ == "__main__":\n    main()\n';
const FIXED = BUGGY.replace(
  "    return year % 4 == 0",
  "    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)",
);
const TESTS =
  "assert is_leap(2024) is True\nassert is_leap(1900) is False\nassert is_leap(2000) is True";

/** An OpenAI-compatible endpoint answering Chat Completions from a queue, as OPENAI_BASE_URL allows. */
const answers = [
  { code: BUGGY, tests: TESTS, imports: [], explanation: "divisible by four" },
  {
    root_cause: "century years are leap years only when divisible by 400",
    error_type: "logic_error",
    fix_description: "add the century rule",
    fixed_code: FIXED,
    fixed_tests: null,
    confidence: 0.9,
    changes_made: ["century rule"],
  },
];
const received: Array<{ model: string; messages: Array<{ content: string }> }> = [];
const server = createServer(async (request, response) => {
  let body = "";
  for await (const chunk of request) body += chunk;
  received.push(JSON.parse(body));
  const answer = answers.shift();
  response.writeHead(answer ? 200 : 500, { "content-type": "application/json" });
  response.end(
    JSON.stringify({
      id: `chatcmpl-e2e${received.length}`,
      object: "chat.completion",
      created: 1_767_225_600,
      model: "gpt-4o-mini-2024-07-18",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: JSON.stringify(answer), refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 400, completion_tokens: 150, total_tokens: 550 },
    }),
  );
});

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
});
afterAll(() => {
  server.close();
});

describe.skipIf(!sandbox.available)(`codeforge run end to end ${sandbox.reason}`, () => {
  it("routes to OpenAI, fails for real in the sandbox, repairs, passes, records and writes the files", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "codeforge-e2e-"));
    await writeFile(join(cwd, "codeforge.yml"), "repair:\n  backoffBaseSeconds: 0\n");
    const { port } = server.address() as AddressInfo;
    const context = captureContext({
      cwd,
      env: {
        OPENAI_API_KEY: "sk-e2e",
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        OLLAMA_HOST: "http://127.0.0.1:9",
        CODEFORGE_LOG_LEVEL: "silent",
      },
    });

    const code = await runCli(["run", TASK, "--json", "--out", "out"], context);

    expect(context.errors()).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(context.output());
    expect(result).toMatchObject({
      status: "completed",
      complexity: "simple",
      modelUsed: "openai/gpt-4o-mini",
      retryCount: 1,
      finalCode: FIXED,
      totalTokens: 1_100,
    });
    expect(result.attempts[0].execution.stderr).toContain("AssertionError");
    expect(received[1]?.messages.at(-1)?.content).toContain("assert is_leap(1900) is False");
    expect(await readFile(join(cwd, "out", "solution.py"), "utf8")).toBe(FIXED);
    const store = await openStore({ cwd });
    try {
      const detail = await store.tasks.get(result.taskId);
      expect(detail).toMatchObject({ status: "completed", retryCount: 1, source: "cli" });
      expect(detail?.executionResults.map((row) => row.exitCode)).toEqual([1, 0]);
    } finally {
      await store.close();
    }
    // Creating the embedded store's data directory (initdb) takes most of this time.
  }, 120_000);
});
