/**
 * `npm run bench:tokens`: replays the recorded sessions in demo/sessions through the
 * pipeline and prints the tokens sent and received per stage and per task.
 */
import { fileURLToPath } from "node:url";
import { formatTokenReport, measureSession, readSessions } from "./token-bench.js";

const directory = fileURLToPath(new URL("../../../demo/sessions/", import.meta.url));
const sessions = await readSessions(directory);
const measured = [];
const planned = [];
for (const { name, session } of sessions) {
  const collapsed = await measureSession(name, session);
  measured.push(collapsed);
  if (session.complexity === "simple" && session.plannerReply !== undefined) {
    planned.push({
      collapsed,
      planned: await measureSession(name, session, { withPlanner: true }),
    });
  }
}
process.stdout.write(`${formatTokenReport(measured, planned)}\n`);
