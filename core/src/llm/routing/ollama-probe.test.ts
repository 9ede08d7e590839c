import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHttpMock, type HttpMock } from "../../testing/http-mock.js";
import { OLLAMA_TAGS } from "../health/test-support/wire-fixtures.js";
import { createOllamaProbe } from "./ollama-probe.js";

const HOST = "http://ollama.test:11434";

/** A local server that answers after `delayMs`, for the timeout case (real sockets). */
async function startSlowServer(delayMs: number): Promise<{ server: Server; host: string }> {
  const server = createServer((_request, response) => {
    setTimeout(() => response.end(JSON.stringify(OLLAMA_TAGS)), delayMs).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, host: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("createOllamaProbe", () => {
  let http: HttpMock;
  beforeAll(async () => {
    http = await createHttpMock();
  });
  afterEach(() => http.verify());
  afterAll(() => http.close());

  it("answers true when /api/tags lists models", async () => {
    http.scope(HOST).get("/api/tags").reply(200, OLLAMA_TAGS);

    expect(await createOllamaProbe({ host: `${HOST}/` })()).toBe(true);
  });

  it("answers false on a 500", async () => {
    http.scope(HOST).get("/api/tags").reply(500, "internal error");

    expect(await createOllamaProbe({ host: HOST })()).toBe(false);
  });

  it("answers false when something other than Ollama answers", async () => {
    http.scope(HOST).get("/api/tags").reply(200, "<html>It works!</html>");

    expect(await createOllamaProbe({ host: HOST })()).toBe(false);
  });

  it("answers false when the connection is refused", async () => {
    http.allowLocalhost();
    const port = await closedPort();

    expect(await createOllamaProbe({ host: `http://127.0.0.1:${port}` })()).toBe(false);
  });

  it("answers false when Ollama is slower than the timeout", async () => {
    http.allowLocalhost();
    const { server, host } = await startSlowServer(2_000);
    try {
      const started = Date.now();
      const answer = await createOllamaProbe({ host, timeoutMs: 100 })();

      expect(answer).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("asks again once the cached answer is older than the ttl", async () => {
    http
      .scope(HOST)
      .get("/api/tags")
      .reply(500, "starting")
      .get("/api/tags")
      .reply(200, OLLAMA_TAGS);
    let now = 0;
    const probe = createOllamaProbe({ host: HOST, ttlMs: 1_000, now: () => now });

    const first = await probe();
    now = 999;
    const cached = await probe();
    now = 1_000;
    const fresh = await probe();

    expect([first, cached, fresh]).toEqual([false, false, true]);
    expect(http.requests).toHaveLength(2);
  });
});
