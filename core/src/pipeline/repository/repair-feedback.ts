import { trimOutput } from "../../prompts/index.js";
import type { TestReport } from "../../workspace/index.js";
import { testKey } from "./repository-verdict.js";

/** Characters of test feedback a reviewer sees by default. */
export const REPAIR_FEEDBACK_CHARS = 6_000;

/**
 * The repository's test output for the reviewer, failures first: each failed or errored
 * test with its message, why the run did not pass, then the command's output, cut to a
 * budget (the start and, with more room, the end).
 */
export function repairFeedback(
  run: {
    exitCode: number | null;
    stdout: string;
    stderr: string;
    report?: TestReport | undefined;
  },
  reasons: readonly string[],
  maxChars = REPAIR_FEEDBACK_CHARS,
): string {
  const broken = (run.report?.tests ?? []).filter(
    (test) => test.outcome === "failed" || test.outcome === "errored",
  );
  const failures = broken.map(
    (test) =>
      `${test.outcome.toUpperCase()} ${testKey(test)}${test.message ? `\n  ${test.message.replace(/\n/g, "\n  ")}` : ""}`,
  );
  const head = [
    ...(failures.length > 0 ? [`Failing tests:\n${failures.join("\n")}`] : []),
    `Why the run did not pass:\n${reasons.map((reason) => `- ${reason}`).join("\n")}`,
  ].join("\n\n");
  const room = Math.max(maxChars - head.length, Math.floor(maxChars / 3));
  const output = [run.stdout, run.stderr].filter((text) => text.trim()).join("\n");
  return `${trimOutput(head, maxChars)}\n\nOutput (exit code ${run.exitCode ?? "none"}):\n${trimOutput(output, room).trimEnd() || "(empty)"}`;
}
