import { ConfigSchema, SandboxError } from "@codeforge/core";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { checkSandboxReady } from "./check-sandbox-ready.js";

describe("checkSandboxReady", () => {
  it("fails fast with the fix when the Docker engine does not answer", async () => {
    const docker = new Docker({ socketPath: "/nonexistent/codeforge-test.sock" });

    const failing = checkSandboxReady(docker, ConfigSchema.parse({}), "python");

    await expect(failing).rejects.toBeInstanceOf(SandboxError);
    await expect(failing).rejects.toMatchObject({ code: "daemon_unreachable" });
    await expect(failing).rejects.toThrow(/Docker engine/);
  });
});
