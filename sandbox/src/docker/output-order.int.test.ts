import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { createDockerExecutor } from "./docker-executor.js";

// Progress shows a program's output as it streams. Python buffers stdout written to a pipe,
// so without PYTHONUNBUFFERED every print arrived at exit, after all of stderr.

const docker = new Docker();
const limits = ConfigSchema.parse({ sandbox: { memoryMb: 256 } }).sandbox;
const image = await requireService(`sandbox image ${limits.pythonImage}`, () =>
  docker.getImage(limits.pythonImage).inspect(),
);
const executor = createDockerExecutor({ docker, config: limits });

// Pauses keep each write in its own frame: stdout and stderr are read from two pipes, so
// writes within microseconds of each other could be reordered by the engine itself.
const INTERLEAVED = `import sys, time

for step in range(3):
    print(f"out {step}")
    time.sleep(0.15)
    sys.stderr.write(f"err {step}\\n")
    time.sleep(0.15)
`;

describe.skipIf(!image.available)(`sandbox output order ${image.reason}`, () => {
  it("streams interleaved prints and stderr in the order the program wrote them", async () => {
    const chunks: Array<{ stream: string; text: string }> = [];

    const result = await executor.run({
      language: "python",
      code: INTERLEAVED,
      timeoutMs: 20_000,
      onOutput: (stream, text) => chunks.push({ stream, text }),
    });

    expect(result.exitCode).toBe(0);
    const lines = chunks.flatMap(({ stream, text }) =>
      text
        .split("\n")
        .filter(Boolean)
        .map((line) => `${stream}: ${line}`),
    );
    expect(lines).toEqual([
      "stdout: out 0",
      "stderr: err 0",
      "stdout: out 1",
      "stderr: err 1",
      "stdout: out 2",
      "stderr: err 2",
    ]);
  });
});
