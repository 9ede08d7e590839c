import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "./repository-file.js";

const SCRIPT = path.join(REPOSITORY_ROOT, "deploy/healthcheck.mjs");

describe("the App image's health check", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  const serve = async (status: number): Promise<number> => {
    const started = createServer((request, response) => {
      response.statusCode = request.url === "/healthz" ? status : 404;
      response.end();
    });
    server = started;
    await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
    return (started.address() as AddressInfo).port;
  };

  it("is healthy when /healthz answers 200 and unhealthy otherwise", async () => {
    const healthy = await serve(200);
    const up = await spawnAsync(["server"], { PORT: String(healthy) });
    expect(up.status).toBe(0);
    await new Promise((resolve) => server?.close(resolve));

    const failing = await serve(503);
    const down = await spawnAsync(["server"], { PORT: String(failing) });
    expect(down.status).toBe(1);
    expect(down.stderr).toContain("/healthz answered 503");
  });

  it("checks a worker by reaching its database and sandbox engine", async () => {
    const port = await serve(200);

    const reachable = await spawnAsync(["worker"], {
      DATABASE_URL: `postgres://u:p@127.0.0.1:${port}/db`,
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
    });
    const unreachable = await spawnAsync(["worker"], {
      DATABASE_URL: "postgres://u:p@127.0.0.1:1/db",
    });

    expect(reachable.status).toBe(0);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain("unhealthy");
  });
});

/** Runs the script as a child process without blocking the server the test runs. */
function spawnAsync(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    child.once("close", (status) => resolve({ status, stderr }));
  });
}
