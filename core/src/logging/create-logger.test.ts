import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config.js";
import { secretsOf } from "../config/secret-settings.js";
import { createLogger } from "./create-logger.js";
import { withTaskContext } from "./with-task-context.js";

function capture(isTTY = false) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join("") };
}

function lines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("createLogger", () => {
  it("writes JSON lines at the configured level", () => {
    const output = capture();
    const logger = createLogger({ level: "info", format: "json", destination: output.stream });

    logger.debug("hidden");
    logger.info({ step: "plan" }, "planning");

    const written = lines(output.text());
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ level: 30, msg: "planning", step: "plan" });
  });

  it("writes readable text when format is pretty, or auto on a terminal", () => {
    for (const [format, isTTY] of [
      ["pretty", false],
      ["auto", true],
    ] as const) {
      const output = capture(isTTY);
      const logger = createLogger({ level: "info", format, destination: output.stream });

      logger.info({ step: "plan" }, "planning");

      expect(() => JSON.parse(output.text())).toThrow();
      expect(output.text()).toContain("planning");
      expect(output.text()).toMatch(/INFO/);
    }
  });

  it("writes JSON when format is auto and the destination is not a terminal", () => {
    const output = capture(false);
    createLogger({ level: "info", format: "auto", destination: output.stream }).info("hello");

    expect(lines(output.text())[0]).toMatchObject({ msg: "hello" });
  });

  it("puts taskId and correlationId on every line of a task's child logger", () => {
    const output = capture();
    const logger = createLogger({ level: "info", format: "json", destination: output.stream });

    const taskLogger = withTaskContext(logger, { taskId: "task-1", correlationId: "req-9" });
    taskLogger.info("started");
    withTaskContext(taskLogger.child({ agent: "coder" }), { taskId: "task-2" }).warn("slow");

    const [first, second] = lines(output.text());
    expect(first).toMatchObject({ taskId: "task-1", correlationId: "req-9", msg: "started" });
    expect(second).toMatchObject({ taskId: "task-2", agent: "coder" });
    expect(second?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("merges the task context into each line of a logger without child", () => {
    const recorded: object[] = [];
    const record = (object: object) => recorded.push(object);
    const plain = { debug: record, info: record, warn: record, error: record };

    const taskLogger = withTaskContext(plain, { taskId: "task-3", correlationId: "req-1" });
    taskLogger.warn({ reason: "slow" }, "slow");
    taskLogger.info({ taskId: "override" }, "own field wins");

    expect(recorded).toEqual([
      { taskId: "task-3", correlationId: "req-1", reason: "slow" },
      { taskId: "override", correlationId: "req-1" },
    ]);
  });

  it("redacts secret fields by name at any reasonable depth", () => {
    const output = capture();
    const logger = createLogger({ level: "info", format: "json", destination: output.stream });

    logger.info(
      {
        apiKey: "top-level-key",
        request: { headers: { authorization: "Bearer abc-def", "x-api-key": "xk-123" } },
        github: { app: { privateKey: "-----BEGIN KEY-----", token: "ghs_token" } },
        user: { password: "pw-123456" },
        model: "gpt-4o",
      },
      "call",
    );

    const text = output.text();
    for (const secret of [
      "top-level-key",
      "Bearer abc-def",
      "xk-123",
      "BEGIN KEY",
      "ghs_token",
      "pw-123456",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines(text)[0]).toMatchObject({ model: "gpt-4o", apiKey: "[REDACTED]" });
  });

  it("never writes a configured secret, even inside logged config and error messages", () => {
    const openaiKey = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv";
    const anthropicKey = "sk-ant-api03-ZyXwVuTsRqPoNmLkJi";
    const databasePassword = "s3cr3t-pa$$word";
    const config = loadConfig({
      env: {
        OPENAI_API_KEY: openaiKey,
        ANTHROPIC_API_KEY: anthropicKey,
        DATABASE_URL: `postgres://codeforge:${encodeURIComponent(databasePassword)}@db:5432/codeforge`,
      },
    });
    const secrets = [openaiKey, anthropicKey, databasePassword];
    for (const [format, isTTY] of [
      ["json", false],
      ["pretty", true],
    ] as const) {
      const output = capture(isTTY);
      const logger = createLogger({
        level: "debug",
        format,
        destination: output.stream,
        secrets: secretsOf(config),
      });

      logger.info({ config }, "configuration loaded");
      logger.error(
        new Error(`401 Incorrect API key provided: ${openaiKey}`, {
          cause: new Error(`connect failed for codeforge:${databasePassword}@db`),
        }),
        "provider call failed",
      );
      logger.warn(`retrying with key ${anthropicKey}`);
      withTaskContext(logger, { taskId: "t1" }).debug({ note: `"${openaiKey}"` }, "quoted");

      const text = output.text();
      expect(text).toContain("configuration loaded");
      expect(text).toContain("[REDACTED]");
      for (const secret of secrets) expect(text, format).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(databasePassword));
    }
  });

  it("logs an error without its stack unless the level is debug or trace, or stacks are asked for", () => {
    const failure = new Error("provider call failed", { cause: new Error("socket hang up") });
    const logged = (options: { level: "info" | "debug" | "trace"; stacks?: boolean }) => {
      const output = capture();
      const logger = createLogger({ ...options, format: "json", destination: output.stream });
      logger.error(failure, "task failed on an error");
      logger.warn({ err: failure, error: failure }, "retrying");
      return lines(output.text());
    };

    for (const line of logged({ level: "info" })) {
      expect(line.err).toEqual({ type: "Error", message: "provider call failed: socket hang up" });
    }
    expect(logged({ level: "info" })[1]?.error).toMatchObject({ message: /provider call failed/ });
    expect(JSON.stringify(logged({ level: "info" }))).not.toContain("create-logger.test.ts");
    for (const options of [
      { level: "debug" },
      { level: "trace" },
      { level: "info", stacks: true },
    ] as const) {
      const [line] = logged(options);
      expect((line?.err as { stack?: string } | undefined)?.stack, options.level).toMatch(
        /^Error: provider call failed\n\s+at [\s\S]*caused by: Error: socket hang up/,
      );
    }
    expect(logged({ level: "debug", stacks: false })[0]?.err as object).not.toHaveProperty("stack");
  });
});
