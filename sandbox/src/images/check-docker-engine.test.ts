import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { checkDockerEngine } from "./check-docker-engine.js";
import { checkSandboxImage } from "./check-sandbox-image.js";

// An engine address where nothing listens: the checks must answer, not throw.
const nowhere = new Docker({ socketPath: "/nonexistent/codeforge-docker.sock" });

describe("health checks without an engine", () => {
  it("report the engine as unreachable with the fix", async () => {
    const result = await checkDockerEngine(nowhere);
    expect(result).toMatchObject({ name: "Docker engine", ok: false, required: true });
    expect(result.fix).toBe("start Docker or set DOCKER_HOST");
    expect(result.detail).toMatch(/unreachable/);
  });

  it("report the image as unknown because the engine is unreachable", async () => {
    const result = await checkSandboxImage(nowhere, "codeforge/sandbox-python:1");
    expect(result).toMatchObject({ name: "Sandbox image (python)", ok: false });
    expect(result.detail).toContain("the Docker engine is unreachable");
    expect(result.fix).toBe("start Docker or set DOCKER_HOST");
  });
});
