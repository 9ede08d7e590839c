import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { captureContext } from "../test-support/capture-context.js";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";
import { createDemoReplayModel, demoConfig, readDemoScript, runDemo } from "./demo.js";

const config = demoConfig();
const executor = createDockerExecutor({ docker: new Docker(), config: config.sandbox });
const sandbox = await requireSandboxImage(executor, config.sandbox);

describe.skipIf(!sandbox.available)(`npm run demo ${sandbox.reason}`, () => {
  it("replays the bundled cassette: a real failing run, the diagnosis, the fix and a real passing run", async () => {
    // A replay miss here means a prompt builder changed: run `npm run demo:record`.
    const script = await readDemoScript();
    const context = captureContext();

    const code = await runDemo(context, { model: createDemoReplayModel(script), executor, script });

    const output = context.output();
    expect(code).toBe(0);
    expect(output).toContain("SCRIPTED");
    expect(output).toContain("IX = 11");
    expect(output).toContain("AssertionError: 11");
    expect(output).toContain("FAIL run      attempt 1 failed (exit code 1)");
    expect(output).toContain("(confidence 0.92)");
    expect(output).toContain("IX = 9");
    expect(output).toContain("ok run      attempt 2 passed");
    expect(output).toMatch(/ok Completed in .* · 1 repair/);
  });
});
