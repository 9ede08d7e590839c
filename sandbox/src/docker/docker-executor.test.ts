import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigSchema, SandboxError } from "@codeforge/core";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { createDockerExecutor, type SandboxLogger } from "./docker-executor.js";

/** A real client pointed at a socket that does not exist: the engine is unreachable. */
const absentEngine = new Docker({ socketPath: "/nonexistent/codeforge-test/docker.sock" });
const config = ConfigSchema.parse({}).sandbox;

function recordingLogger(): SandboxLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    warn: (fields, message) => warnings.push(`${message} ${JSON.stringify(fields)}`),
    debug: () => undefined,
  };
}

describe("createDockerExecutor without an engine", () => {
  it("needs the caller's Docker client instead of making one from the environment", () => {
    // @ts-expect-error: `docker` is required; the composition root makes the client.
    expect(() => createDockerExecutor({ config })).toThrow(/no Docker client was passed/);
  });

  it("throws daemon_unreachable with the fix when the engine cannot be reached", async () => {
    const executor = createDockerExecutor({ docker: absentEngine, config });

    const run = executor.run({ language: "python", code: "print(1)" });

    await expect(run).rejects.toBeInstanceOf(SandboxError);
    await expect(run).rejects.toMatchObject({
      code: "daemon_unreachable",
      retryable: true,
      message: expect.stringContaining("start Docker or set DOCKER_HOST"),
    });
  });

  it("returns a blocked result for flagged code under the block policy, without the engine", async () => {
    const executor = createDockerExecutor({ docker: absentEngine, config });

    const result = await executor.run({ language: "python", code: "import os\nos.system('id')" });

    expect(result).toMatchObject({ blocked: true, exitCode: null, timedOut: false });
    expect(result.blockReason).toMatch(/^Blocked by the static guard: line 2: .*os/);
  });

  it("logs the guard's reasons and goes on to run under the warn policy", async () => {
    const logger = recordingLogger();
    const executor = createDockerExecutor({
      docker: absentEngine,
      config: { ...config, guard: "warn" },
      logger,
    });

    const run = executor.run({ language: "python", code: "eval('1')" });

    await expect(run).rejects.toMatchObject({ code: "daemon_unreachable" });
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain("eval");
  });

  it("does not consult the guard under the off policy", async () => {
    const logger = recordingLogger();
    const executor = createDockerExecutor({
      docker: absentEngine,
      config: { ...config, guard: "off" },
      logger,
    });

    await expect(executor.run({ language: "python", code: "eval('1')" })).rejects.toMatchObject({
      code: "daemon_unreachable",
    });
    expect(logger.warnings).toEqual([]);
  });

  it("rejects invalid limits as invalid_request", async () => {
    const executor = createDockerExecutor({ docker: absentEngine, config });

    await expect(
      executor.run({ language: "python", code: "", timeoutMs: 0, memoryMb: 1 }),
    ).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/timeoutMs must be positive; memoryMb must be at least 6/),
    });
  });

  it("rejects with the signal's reason when aborted before the run starts", async () => {
    const executor = createDockerExecutor({ docker: absentEngine, config });
    const controller = new AbortController();
    controller.abort(new Error("user cancelled"));

    await expect(
      executor.run({ language: "python", code: "print(1)", signal: controller.signal }),
    ).rejects.toThrow("user cancelled");
  });
});

/**
 * A stand-in Docker engine on a unix socket that answers every request with HTTP 500,
 * recording the requests: dockerode talks to it as to the real engine.
 */
async function failingEngine(
  socketPath = join(mkdtempSync(join(tmpdir(), "codeforge-engine-")), "docker.sock"),
): Promise<{ docker: Docker; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url?.split("?")[0]}`);
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ message: "engine storage is broken" }));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    docker: new Docker({ socketPath }),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("the start-up prune of leftover containers", () => {
  it("logs a prune failure that is not an unreachable engine, and the run still reports its own", async () => {
    const engine = await failingEngine();
    const logger = recordingLogger();
    try {
      const executor = createDockerExecutor({ docker: engine.docker, config, logger });

      await expect(executor.run({ language: "python", code: "print(1)" })).rejects.toMatchObject({
        code: "container_failed",
      });

      expect(engine.requests[0]).toBe("GET /containers/json");
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/^could not look for leftover sandbox containers/);
      expect(logger.warnings[0]).toContain("engine storage is broken");
    } finally {
      await engine.close();
    }
  });

  it("does not log an unreachable engine, and prunes on the next run once it answers", async () => {
    const socketPath = join(mkdtempSync(join(tmpdir(), "codeforge-engine-")), "docker.sock");
    const logger = recordingLogger();
    const executor = createDockerExecutor({
      docker: new Docker({ socketPath }),
      config,
      logger,
    });

    await expect(executor.run({ language: "python", code: "print(1)" })).rejects.toMatchObject({
      code: "daemon_unreachable",
    });
    expect(logger.warnings).toEqual([]);

    const engine = await failingEngine(socketPath);
    try {
      await expect(executor.run({ language: "python", code: "print(1)" })).rejects.toMatchObject({
        code: "container_failed",
      });
      expect(engine.requests[0]).toBe("GET /containers/json");
    } finally {
      await engine.close();
    }
  });
});
