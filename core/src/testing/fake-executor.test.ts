import { describe, expect, it } from "vitest";
import { createFakeExecutor } from "./fake-executor.js";

describe("createFakeExecutor", () => {
  it("plays scripted results, fills defaults, streams output and records specs", async () => {
    const executor = createFakeExecutor([
      { exitCode: 1, stderr: "boom\n" },
      (spec) => ({ stdout: `ran ${spec.language}\n` }),
    ]);
    const streamed: string[] = [];

    const first = await executor.run({
      language: "python",
      code: "raise SystemExit(1)",
      onOutput: (stream, chunk) => streamed.push(`${stream}:${chunk}`),
    });
    const second = await executor.run({ language: "node", code: "1" });

    expect(first).toMatchObject({ exitCode: 1, stdout: "", stderr: "boom\n", timedOut: false });
    expect(second.stdout).toBe("ran node\n");
    expect(streamed).toEqual(["stderr:boom\n"]);
    expect(executor.specs).toEqual([
      { language: "python", code: "raise SystemExit(1)" },
      { language: "node", code: "1" },
    ]);
    await expect(executor.run({ language: "python", code: "" })).rejects.toThrow(
      /script a result for run 3/,
    );
  });

  it("refuses to run when the signal has aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const executor = createFakeExecutor([{}]);
    await expect(
      executor.run({ language: "python", code: "", signal: controller.signal }),
    ).rejects.toThrow();
    expect(executor.remaining()).toBe(1);
  });
});
