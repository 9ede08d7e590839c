/**
 * `npm run demo`: replays the bundled cassette of authored model responses through the
 * real pipeline and the real Docker sandbox. Needs Docker and the sandbox image, no API key.
 */
import { CodeForgeError } from "@codeforge/core";
import { createDockerExecutor } from "@codeforge/sandbox";
import { createDockerClient } from "../docker-client.js";
import { createDemoReplayModel, demoConfig, readDemoScript, runDemo } from "./demo.js";
import { processContext } from "./process-context.js";

try {
  const script = await readDemoScript();
  const executor = createDockerExecutor({
    docker: createDockerClient(),
    config: demoConfig().sandbox,
  });
  process.exitCode = await runDemo(processContext(), {
    model: createDemoReplayModel(script),
    executor,
    script,
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`demo: ${message}\n`);
  if (!(error instanceof CodeForgeError))
    process.stderr.write(`${String((error as Error)?.stack ?? "")}\n`);
  process.exitCode = 1;
}
