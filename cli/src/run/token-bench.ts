import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  COMPLEXITIES,
  ConfigSchema,
  LANGUAGES,
  type PipelineEvent,
  runTask,
  type SyntaxChecker,
} from "@codeforge/core";
import { createFakeExecutor, createScriptedModel, passingRun } from "@codeforge/core/testing";
import { z } from "zod";

/** The first-attempt token target of a simple single-function task, planning included. */
export const SIMPLE_TASK_TOKEN_TARGET = 3_000;

/** A recorded session: a task, the model's replies in call order and the sandbox's results. */
export const TokenSessionSchema = z.object({
  about: z.string(),
  task: z.string(),
  complexity: z.enum(COMPLEXITIES),
  language: z.enum(LANGUAGES),
  /** What a planner answers for this task; measures what skipping the planner saves. */
  plannerReply: z.unknown().optional(),
  replies: z.array(z.object({ agent: z.string(), object: z.unknown() })).min(1),
  executions: z
    .array(
      z.object({
        exitCode: z.number().int().nullable(),
        stdout: z.string(),
        stderr: z.string(),
        durationMs: z.number().min(0),
      }),
    )
    .min(1),
});
export type TokenSession = z.infer<typeof TokenSessionSchema>;

/** Tokens of one stage (agent) of a task. */
export interface StageTokens {
  agent: string;
  calls: number;
  sent: number;
  received: number;
}

/** What a session's task used. */
export interface SessionTokens {
  name: string;
  complexity: string;
  status: string;
  retryCount: number;
  stages: StageTokens[];
  total: number;
  /** Tokens spent before the first run's result: planning and coding. */
  firstAttempt: number;
}

// Recorded sessions hold code that CPython parsed when they were recorded.
const recordedSyntax: SyntaxChecker = {
  check: async () => ({ valid: true, errors: [], checked: false }),
};

/**
 * Replays one session through the real pipeline with a scripted model (tokens counted
 * with gpt-tokenizer on the exact prompts built and replies given) and the recorded
 * sandbox results. `withPlanner` rates the task medium and plays `plannerReply` first, to
 * measure what collapsing a simple task's planning saves.
 */
export async function measureSession(
  name: string,
  session: TokenSession,
  options: { withPlanner?: boolean } = {},
): Promise<SessionTokens> {
  const replies = session.replies.map((reply) => ({ object: reply.object }));
  if (options.withPlanner) {
    if (session.plannerReply === undefined) {
      throw new Error(`session ${name} has no plannerReply to measure planning with`);
    }
    replies.unshift({ object: session.plannerReply });
  }
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  // A recorded pass (exit 0) prints the run's pass marker, as the real test program does.
  const executor = createFakeExecutor(
    session.executions.map((run) => (run.exitCode === 0 ? passingRun(run.stdout, run) : run)),
  );
  const stages = new Map<string, StageTokens>();
  let firstAttempt = 0;
  let executed = false;
  const onEvent = (event: PipelineEvent) => {
    if (event.type === "execution.completed") executed = true;
    if (event.type !== "agent.completed" || event.calls === 0) return;
    const stage = stages.get(event.agent) ?? { agent: event.agent, calls: 0, sent: 0, received: 0 };
    stage.calls += event.calls;
    stage.sent += event.inputTokens;
    stage.received += event.outputTokens;
    stages.set(event.agent, stage);
    if (!executed) firstAttempt += event.inputTokens + event.outputTokens;
  };
  const result = await runTask(
    {
      config: ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } }),
      model,
      executor,
      syntaxChecker: recordedSyntax,
      onEvent,
    },
    {
      prompt: session.task,
      language: session.language,
      complexity: options.withPlanner ? "medium" : session.complexity,
    },
  );
  if (model.remaining() > 0) {
    throw new Error(
      `session ${name}: ${model.remaining()} replies were not used (${result.status}: ${result.errorMessage ?? ""})`,
    );
  }
  return {
    name,
    complexity: options.withPlanner ? "medium (planned)" : session.complexity,
    status: result.status,
    retryCount: result.retryCount,
    stages: [...stages.values()],
    total: result.totalTokens,
    firstAttempt,
  };
}

/** Reads every `*.json` session of a folder, sorted by name. */
export async function readSessions(
  directory: string,
): Promise<Array<{ name: string; session: TokenSession }>> {
  const files = (await readdir(directory)).filter((file) => file.endsWith(".json")).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: basename(file, ".json"),
      session: TokenSessionSchema.parse(JSON.parse(await readFile(join(directory, file), "utf8"))),
    })),
  );
}

const number = (value: number) => value.toLocaleString("en-US");

/** The report: a table of tokens per stage and per task, the target check and the planning saving. */
export function formatTokenReport(
  measured: readonly SessionTokens[],
  planned: readonly { collapsed: SessionTokens; planned: SessionTokens }[],
): string {
  const lines = [
    "Tokens per stage and per task (gpt-tokenizer o200k_base, counted on the exact prompts and replies)",
    "",
    `${"task".padEnd(18)}${"stage".padEnd(12)}${"calls".padStart(6)}${"sent".padStart(8)}${"received".padStart(10)}${"total".padStart(8)}`,
  ];
  for (const session of measured) {
    session.stages.forEach((stage, index) => {
      lines.push(
        `${(index === 0 ? session.name : "").padEnd(18)}${stage.agent.padEnd(12)}${String(stage.calls).padStart(6)}${number(stage.sent).padStart(8)}${number(stage.received).padStart(10)}${number(stage.sent + stage.received).padStart(8)}`,
      );
    });
    const target =
      session.complexity === "simple"
        ? `; first attempt ${number(session.firstAttempt)} (target ≤ ${number(SIMPLE_TASK_TOKEN_TARGET)}: ${session.firstAttempt <= SIMPLE_TASK_TOKEN_TARGET ? "met" : "MISSED"})`
        : `; first attempt ${number(session.firstAttempt)}`;
    lines.push(
      `${"".padEnd(18)}${"= task".padEnd(12)}${"".padStart(24)}${number(session.total).padStart(8)}  ${session.complexity}, ${session.status}, ${session.retryCount} repairs${target}`,
      "",
    );
  }
  if (planned.length > 0) {
    lines.push("Planning collapse for simple tasks (no planner call), first attempt:");
    for (const { collapsed, planned: withPlanner } of planned) {
      const saved = withPlanner.firstAttempt - collapsed.firstAttempt;
      lines.push(
        `  ${collapsed.name.padEnd(16)} with planner ${number(withPlanner.firstAttempt).padStart(6)}  without ${number(collapsed.firstAttempt).padStart(6)}  saves ${number(saved)} (${Math.round((saved / withPlanner.firstAttempt) * 100)}%)`,
      );
    }
  }
  return lines.join("\n");
}
