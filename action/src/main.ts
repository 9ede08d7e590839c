import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createActionParts } from "./action-parts.js";
import { processActionContext } from "./process-context.js";
import { runAction } from "./run-action.js";

// The bundle (dist/index.js) ships the custom benchmark set and the Dockerfiles beside it.
const here = dirname(fileURLToPath(import.meta.url));
const parts = createActionParts({
  customDir: join(here, "custom"),
  dockerfilesDir: join(here, "images"),
});
process.exitCode = await runAction(processActionContext(), parts);
