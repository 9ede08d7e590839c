import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createHttpMock } from "./http-mock.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

describe("createHttpMock", () => {
  it("answers fetch from an interceptor and records the request", async () => {
    http
      .scope("https://api.example.test")
      .post("/v1/items", { name: "a" })
      .reply(201, { id: 7 }, { "x-request-id": "req_1" });

    const response = await fetch("https://api.example.test/v1/items", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "a" }),
    });

    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("req_1");
    expect(await response.json()).toEqual({ id: 7 });
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]).toMatchObject({
      method: "POST",
      url: "https://api.example.test/v1/items",
      json: { name: "a" },
    });
    expect(http.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("answers node:http requests too", async () => {
    http.scope("http://legacy.example.test").get("/ping").reply(200, "pong");

    const body = await new Promise<string>((resolve, reject) => {
      httpRequest("http://legacy.example.test/ping", (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on("end", () => resolve(text));
      })
        .on("error", reject)
        .end();
    });

    expect(body).toBe("pong");
  });

  it("fails verify when an interceptor was never used, and starts clean afterwards", () => {
    http.scope("https://api.example.test").get("/never").reply(200, {});

    expect(() => http.verify()).toThrow(
      /Interceptors never used:\n {2}GET https:\/\/api\.example\.test:443\/never/,
    );
    expect(() => http.verify()).not.toThrow();
  });

  it("blocks the real network and reports the request in verify", async () => {
    await expect(fetch("https://real.example.com/data")).rejects.toThrow();

    expect(http.unmatched).toEqual([
      { method: "GET", url: "https://real.example.com/data", reasons: [] },
    ]);
    expect(() => http.verify()).toThrow(
      /Requests no interceptor matched:\n {2}GET https:\/\/real\.example\.com\/data/,
    );
  });

  it("reports a request that reaches a mocked host but matches no interceptor, with nock's reasons", async () => {
    http.scope("https://api.example.test").post("/v1/items", { name: "a" }).reply(201, {});

    const response = await fetch("https://api.example.test/v1/items", {
      method: "POST",
      body: JSON.stringify({ name: "b" }),
    });

    expect(response.status).toBe(501);
    expect(http.unmatched).toHaveLength(1);
    expect(http.unmatched[0]?.reasons.length).toBeGreaterThan(0);
    expect(() => http.verify()).toThrow(/never used[\s\S]*no interceptor matched/);
  });

  it("lets requests to a local server through after allowLocalhost, other hosts stay blocked", async () => {
    const server = createServer((_request, response) => response.end("local"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      http.allowLocalhost();

      const local = await fetch(`http://127.0.0.1:${port}/`);
      expect(await local.text()).toBe("local");
      await expect(fetch("https://real.example.com/")).rejects.toThrow();
      expect(() => http.verify()).toThrow(/real\.example\.com/);
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
      expect(() => http.verify()).toThrow(/127\.0\.0\.1/);
    } finally {
      server.close();
    }
  });
});
