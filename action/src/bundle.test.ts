import { describe, expect, it } from "vitest";
import { runBundle } from "./test-support/run-bundle.js";

const SECRET = "sk-proj-bundle-secret-0123456789abcdef";

describe("the bundle, started as the runner starts it", () => {
  it("fails on invalid inputs, naming every one, and never shows a secret input", async () => {
    const run = await runBundle({
      inputs: {
        mode: "bench",
        "max-retries": "12",
        shard: "3/2",
        "openai-api-key": SECRET,
        "github-token": "ghs_bundlesecrettoken0123456789",
      },
    });

    expect(run.exitCode).toBe(1);
    expect(run.log).toContain(`::add-mask::${SECRET}`);
    expect(run.log).toContain('input "mode": must be one of task, benchmark');
    expect(run.log).toContain('input "max-retries": must be a whole number between 0 and 10');
    expect(run.log).toContain('input "shard": must be i/n');
    expect(run.outputs.status).toBe("failed");
    expect(run.summary).toContain("The action could not run");
    expect(run.summary).toContain('input "mode"');
    const shown = run.log
      .replace(`::add-mask::${SECRET}`, "")
      .replace("::add-mask::ghs_bundlesecrettoken0123456789", "");
    for (const text of [shown, run.outputFile, run.summary]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("ghs_bundlesecrettoken0123456789");
    }
  }, 60_000);
});
