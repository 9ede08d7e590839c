import { join } from "node:path";
import { ConfigSchema } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import { datasetLocation } from "./dataset-location.js";
import { captureContext } from "./test-support/capture-context.js";

describe("datasetLocation", () => {
  const cwd = join("/", "work", "project");

  it("resolves --data-dir and the configured folder against the working directory", () => {
    const context = captureContext({ cwd });
    const config = ConfigSchema.parse({ benchmarks: { dataDir: "shared/datasets" } });
    const fetch: typeof globalThis.fetch = async () => new Response("");

    expect(
      datasetLocation(context, config, { dataDir: "data", homeDir: () => "/home/ada", fetch }),
    ).toEqual({
      dataDir: join(cwd, "data"),
      envDataDir: join(cwd, "shared", "datasets"),
      cacheDir: join("/home/ada", ".cache", "codeforge", "datasets"),
      fetch,
    });
  });

  it("falls back to the user cache folder, under XDG_CACHE_HOME when set", () => {
    const config = ConfigSchema.parse({});
    expect(
      datasetLocation(captureContext({ cwd }), config, { homeDir: () => "/home/ada" }),
    ).toEqual({ cacheDir: join("/home/ada", ".cache", "codeforge", "datasets") });
    const xdg = captureContext({ cwd, env: { XDG_CACHE_HOME: "/var/cache/ada" } });
    expect(datasetLocation(xdg, config, { homeDir: () => "/home/ada" })).toEqual({
      cacheDir: join("/var/cache/ada", "codeforge", "datasets"),
    });
  });
});
