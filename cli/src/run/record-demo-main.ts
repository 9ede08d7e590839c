/**
 * Regenerates demo/cassette.jsonl: runs the demo task through the real pipeline and
 * sandbox with a scripted model playing the authored replies of
 * demo/scripted-responses.json, recording every request with its reply. Run it after
 * changing a prompt builder, since the cassette is keyed by the exact requests:
 * `npm run demo:record`.
 */
import { createScriptedModel } from "@codeforge/core/testing";
import { createDockerExecutor } from "@codeforge/sandbox";
import { createDockerClient } from "../docker-client.js";
import { createDemoRecordingModel, demoConfig, readDemoScript, runDemo } from "./demo.js";
import { processContext } from "./process-context.js";

const script = await readDemoScript();
const inner = createScriptedModel(
  script.replies.map((reply) => ({ object: reply.object })),
  { id: script.model },
);
const model = await createDemoRecordingModel(inner);
const executor = createDockerExecutor({
  docker: createDockerClient(),
  config: demoConfig().sandbox,
});
const code = await runDemo(processContext(), { model, executor, script });
if (inner.remaining() === 0) {
  process.exitCode = code;
} else {
  process.stderr.write(
    `demo:record: ${inner.remaining()} authored replies were not used: the run went differently than scripted.\n`,
  );
  process.exitCode = 1;
}
