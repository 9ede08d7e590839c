import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  formatTokenReport,
  measureSession,
  readSessions,
  SIMPLE_TASK_TOKEN_TARGET,
} from "./token-bench.js";

const directory = fileURLToPath(new URL("../../../demo/sessions/", import.meta.url));

describe("bench:tokens", () => {
  it("replays every recorded session to its recorded outcome with the stages adding up", async () => {
    const sessions = await readSessions(directory);
    expect(sessions.length).toBeGreaterThanOrEqual(3);

    for (const { name, session } of sessions) {
      const measured = await measureSession(name, session);
      expect(measured.status).toBe("completed");
      const stageSum = measured.stages.reduce((sum, stage) => sum + stage.sent + stage.received, 0);
      expect(stageSum).toBe(measured.total);
      expect(measured.firstAttempt).toBeLessThanOrEqual(measured.total);
    }
  });

  it("keeps a simple single-function task within the first-attempt target, and skipping the planner saves tokens", async () => {
    const sessions = await readSessions(directory);
    const simple = sessions.filter(({ session }) => session.complexity === "simple");
    expect(simple.length).toBeGreaterThan(0);

    for (const { name, session } of simple) {
      const collapsed = await measureSession(name, session);
      const planned = await measureSession(name, session, { withPlanner: true });
      expect(collapsed.firstAttempt).toBeLessThanOrEqual(SIMPLE_TASK_TOKEN_TARGET);
      expect(collapsed.stages.map((stage) => stage.agent)).not.toContain("planner");
      expect(planned.stages.map((stage) => stage.agent)).toContain("planner");
      expect(planned.firstAttempt).toBeGreaterThan(collapsed.firstAttempt);
    }
  });

  it("prints a table per stage and per task with the target verdict", async () => {
    const [first] = await readSessions(directory);
    if (!first) throw new Error("no sessions");
    const collapsed = await measureSession(first.name, first.session);

    const report = formatTokenReport([collapsed], []);

    expect(report).toContain("gpt-tokenizer");
    expect(report).toContain(first.name);
    expect(report).toMatch(/coder\s+1\s+[\d,]+\s+[\d,]+\s+[\d,]+/);
  });
});
