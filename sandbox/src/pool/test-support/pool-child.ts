// Started by sandbox-pool.int.test.ts as a separate process: warms a pool, prints its
// container ids as one JSON line, then waits to be killed without closing the pool.
import { ConfigSchema } from "@codeforge/core";
import Docker from "dockerode";
import { createSandboxPool } from "../sandbox-pool.js";

const pool = createSandboxPool({
  docker: new Docker(),
  config: ConfigSchema.parse({}).sandbox,
  size: 2,
});
await pool.warmUp();
process.stdout.write(`${JSON.stringify(pool.containerIds())}\n`);
setInterval(() => undefined, 60_000);
