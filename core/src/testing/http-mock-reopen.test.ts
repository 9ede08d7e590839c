import { describe, expect, it } from "vitest";
import { createHttpMock } from "./http-mock.js";

describe("createHttpMock after close", () => {
  it("intercepts again and blocks the network again", async () => {
    const first = await createHttpMock();
    first.scope("https://api.example.test").get("/").reply(200, "one");
    expect(await (await fetch("https://api.example.test/")).text()).toBe("one");
    first.verify();
    first.close();

    const second = await createHttpMock();
    try {
      second.scope("https://api.example.test").get("/").reply(200, "two");
      expect(await (await fetch("https://api.example.test/")).text()).toBe("two");
      await expect(fetch("https://elsewhere.example.com/")).rejects.toThrow();
      expect(() => second.verify()).toThrow(/elsewhere\.example\.com/);
    } finally {
      second.close();
    }
  });
});
