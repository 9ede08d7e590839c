import { SandboxError } from "@codeforge/core";
import { describe, expect, it } from "vitest";
import type { ContainerExit } from "./run-to-exit.js";
import { setupFailure } from "./setup-failure.js";

const exit = (fields: Partial<ContainerExit>): ContainerExit => ({
  exitCode: 1,
  stdout: "",
  stderr: "",
  timedOut: false,
  durationMs: 10,
  ...fields,
});
const base = {
  command: "pip install -e .",
  image: "codeforge/sandbox-python:2",
  timeoutMs: 600_000,
};

describe("setupFailure", () => {
  it("says the engine could not reach the registry when the probe shows it, and what to do", () => {
    const error = setupFailure({
      ...base,
      exit: exit({
        stderr: "ERROR: Could not find a version that satisfies the requirement attrs\n",
      }),
      probe: {
        registry: "pypi.org",
        status: "unreachable",
        detail: "[Errno -2] Name or service not known",
      },
    });

    expect(error).toBeInstanceOf(SandboxError);
    expect(error.code).toBe("setup_failed");
    expect(error.message).toBe(
      "repository.setup `pip install -e .` failed (exit 1) in codeforge/sandbox-python:2: the sandbox's engine could not reach the package registry (pypi.org: [Errno -2] Name or service not known). Setup runs with the network on: let the Docker engine's containers reach pypi.org (or a mirror the command names), or leave repository.setup unset and use what the sandbox images carry. Its last output:\nERROR: Could not find a version that satisfies the requirement attrs",
    );
  });

  it("asks for a fixed command when the registry is reachable or the probe could not tell", () => {
    for (const status of ["reachable", "unknown"] as const) {
      const error = setupFailure({
        ...base,
        exit: exit({ exitCode: 2, stdout: "no setup.py here\n" }),
        probe: { registry: "pypi.org", status },
      });
      expect(error.message).toBe(
        "repository.setup `pip install -e .` failed (exit 2) in codeforge/sandbox-python:2: fix the command (repository.setup in .github/codeforge.yml, or CODEFORGE_REPOSITORY_SETUP), or leave it unset. Its last output:\nno setup.py here",
      );
    }
  });

  it("names the time limit of a setup that ran over it", () => {
    const error = setupFailure({
      ...base,
      exit: exit({ exitCode: null, timedOut: true }),
      probe: undefined,
    });
    expect(error.message).toBe(
      "repository.setup `pip install -e .` did not finish within 600 s in codeforge/sandbox-python:2: make it install less, or bake the dependencies into the sandbox image. It printed nothing.",
    );
  });

  it("quotes the end of a long output, from the start of a line", () => {
    const lines = Array.from({ length: 500 }, (_, index) => `line ${index}`);
    const error = setupFailure({
      ...base,
      exit: exit({ stderr: lines.join("\n") }),
      probe: { registry: "pypi.org", status: "reachable" },
    });
    const quoted = error.message.slice(error.message.indexOf("Its last output:\n") + 17);
    expect(quoted.startsWith("…\nline ")).toBe(true);
    expect(quoted.endsWith("line 499")).toBe(true);
    expect(quoted.length).toBeLessThanOrEqual(2_002);
  });
});
