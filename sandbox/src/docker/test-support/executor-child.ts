// Started by docker-executor-self-limit.int.test.ts as a separate process: runs a program
// that spins forever through the one-shot executor, with the timeout given as argument,
// and waits to be killed in the middle of the run.
import { ConfigSchema } from "@codeforge/core";
import Docker from "dockerode";
import { createDockerExecutor } from "../docker-executor.js";

const executor = createDockerExecutor({
  docker: new Docker(),
  config: ConfigSchema.parse({ sandbox: { guard: "off" } }).sandbox,
  // Its own host name keeps other processes' prunes on this machine away from its container.
  ownerHost: String(process.argv[3]),
});
process.stdout.write("running\n");
await executor.run({
  language: "python",
  code: "while True:\n    pass",
  timeoutMs: Number(process.argv[2]),
});
