import { randomUUID } from "node:crypto";
import { createSandboxSyntaxChecker, type SyntaxChecker } from "../agents/index.js";
import { type Config, secretsOf } from "../config/index.js";
import { UsageError } from "../errors/index.js";
import type { Executor, Language } from "../executor/index.js";
import { createSecretRedactor, withTaskContext } from "../logging/index.js";
import { type Clock, systemClock } from "./clock.js";
import { detectLanguage } from "./detect-language.js";
import { createRunBudget, type RunBudget } from "./run-budget.js";
import { createRunRecorder, type RunRecorder } from "./run-recorder.js";
import type {
  ComplexityClassifier,
  CostRecorder,
  ModelRouter,
  PipelineLogger,
  PipelineTask,
  RunTaskDeps,
} from "./run-task-deps.js";
import { proceed, type StepResult, stopForError, type TaskStop } from "./task-stop.js";

/** What every step of one run works with: the task, its parts and its limits. Read-only. */
export interface RunContext {
  readonly taskId: string;
  readonly task: PipelineTask;
  readonly language: Language;
  readonly config: Readonly<Config>;
  readonly executor: Executor;
  readonly clock: Clock;
  readonly startedAt: number;
  /** The run's one abort signal (caller, budgets): every call and sandbox run gets it. */
  readonly signal: AbortSignal;
  readonly budget: RunBudget;
  readonly recorder: RunRecorder;
  readonly syntaxChecker: SyntaxChecker;
  readonly logger: PipelineLogger | undefined;
  readonly costTracker: CostRecorder | undefined;
  readonly pinnedModel: RunTaskDeps["model"];
  readonly router: ModelRouter | undefined;
  readonly classify: ComplexityClassifier | undefined;
}

/**
 * Starts a run: checks the task, creates its row (the id every later line carries), the
 * logger bound to it, its budget and its recorder.
 */
export async function startRun(deps: RunTaskDeps, task: PipelineTask): Promise<RunContext> {
  if (!deps.model && !deps.router) {
    throw new UsageError("runTask needs a model or a router: pass one in its dependencies.");
  }
  const { config, executor, store } = deps;
  const promptBytes = Buffer.byteLength(task.prompt, "utf8");
  if (promptBytes > config.budgets.maxPromptBytes) {
    throw new UsageError(
      `The task is ${formatKilobytes(promptBytes)}, over the limit of ${formatKilobytes(config.budgets.maxPromptBytes)}: shorten it, or raise budgets.maxPromptBytes (CODEFORGE_MAX_PROMPT_BYTES).`,
    );
  }
  const clock = deps.clock ?? systemClock;
  const startedAt = clock.now();
  const language = task.language ?? detectLanguage(task.prompt);
  const created = store
    ? await store.create({
        prompt: task.prompt,
        source: task.source ?? "cli",
        status: "pending",
        language,
        repo: task.repo ?? null,
        issueNumber: task.issueNumber ?? null,
        ...(task.repository ? { baseCommit: task.repository.baseCommit ?? null } : {}),
        ...(task.commentUrl ? { commentUrl: task.commentUrl } : {}),
      })
    : { id: randomUUID() };
  const taskId = created.id;
  // From here on every line (the pipeline's, the router's, the classifier's) names the task.
  const logger = deps.logger
    ? withTaskContext(deps.logger, { taskId, correlationId: task.correlationId })
    : undefined;
  const budget = createRunBudget({
    budgets: config.budgets,
    clock,
    startedAt,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  return {
    taskId,
    task,
    language,
    config,
    executor,
    clock,
    startedAt,
    signal: budget.signal,
    budget,
    recorder: createRunRecorder({
      taskId,
      clock,
      ...(store ? { store } : {}),
      ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
      ...(logger ? { logger } : {}),
      ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
      redact: createSecretRedactor(secretsOf(config)),
    }),
    syntaxChecker: reportUncheckedSyntax(
      deps.syntaxChecker ?? createSandboxSyntaxChecker(executor),
      logger,
    ),
    logger,
    costTracker: deps.costTracker,
    pinnedModel: deps.model,
    router: deps.router,
    classify: deps.classify,
  };
}

/** The temperature, output cap and signal every agent call of a run uses. */
export function llmSettings(run: RunContext) {
  return {
    temperature: run.config.llm.temperature,
    maxTokens: run.config.llm.maxOutputTokens,
    signal: run.signal,
  };
}

/**
 * A syntax check that reaches no verdict lets the code run (the run then judges it), but
 * never silently: the reason is logged.
 */
function reportUncheckedSyntax(checker: SyntaxChecker, logger?: PipelineLogger): SyntaxChecker {
  return {
    async check(language, sources, signal) {
      const result = await checker.check(language, sources, signal);
      if (!result.checked) {
        logger?.warn(
          { reason: result.reason },
          "the syntax check reached no verdict; the code runs unchecked",
        );
      }
      return result;
    },
  };
}

/**
 * The check between steps: a stop when the caller cancelled or a budget (wall time
 * included) is used up, else null.
 */
export function checkpoint(run: RunContext): TaskStop | null {
  return run.budget.exhausted() ? stopForError(null, run.signal, run.recorder.status()) : null;
}

/**
 * Runs work that is not an agent step (a sandbox run, a store write, a backoff) and turns
 * what it throws into the stop it means, so the loop sees values only.
 */
export async function guarded<T>(
  run: RunContext,
  work: () => Promise<T>,
  /** What the run was doing, for the error trail; defaults to its status. */
  doing?: string,
): Promise<StepResult<T>> {
  try {
    return proceed(await work());
  } catch (error) {
    const halt = stopForError(error, run.signal, doing ?? run.recorder.status());
    if (halt.reason === "error") {
      run.logger?.error({ err: error, status: run.recorder.status() }, "task failed on an error");
    }
    return { ok: false, stop: halt };
  }
}

function formatKilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
