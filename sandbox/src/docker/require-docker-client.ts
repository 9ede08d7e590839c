import { SandboxError } from "@codeforge/core";
import type Docker from "dockerode";

/**
 * Refuses a missing engine client at once: the sandbox never falls back to one built from
 * the process environment, which may not be the engine the composition root was given.
 */
export function requireDockerClient(docker: Docker | undefined): asserts docker is Docker {
  if (docker === undefined || docker === null) {
    throw new SandboxError(
      "no Docker client was passed to the sandbox: create one in the composition root (the CLI's createDockerClient()) and pass it as `docker`",
      { code: "invalid_request" },
    );
  }
}
