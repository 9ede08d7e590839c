import { randomUUID } from "node:crypto";
import type { Tracer } from "@opentelemetry/api";
import {
  type AgentName,
  type Complexity,
  createSandboxSyntaxChecker,
  type ModelCall,
  mergeSegments,
  type Plan,
  type Review,
  runCoder,
  runPlanner,
  runReviewer,
  type StructuredCallResult,
  type SyntaxChecker,
  singleStepPlan,
  topologicalOrder,
} from "../agents/index.js";
import type { Config } from "../config/index.js";
import { CodeForgeError, UsageError } from "../errors/index.js";
import type { Executor, Language } from "../executor/index.js";
import {
  classifyComplexity,
  classifyComplexityWithModel,
  type LanguageModel,
} from "../llm/index.js";
import { type ContextualLogger, withTaskContext } from "../logging/index.js";
import type { PreviousRepair as PreviousRepairInput } from "../prompts/index.js";
import { type CodeForgeMetrics, withSpan } from "../telemetry/index.js";
import { BudgetExceededError } from "./budget-exceeded-error.js";
import { type Clock, systemClock } from "./clock.js";
import { detectLanguage } from "./detect-language.js";
import type { PipelineEvent, PipelineEventInput, PipelineListener } from "./pipeline-events.js";
import type {
  PipelineSource,
  PipelineStatus,
  PipelineTaskProgress,
  PipelineTaskStore,
  PipelineTrace,
} from "./pipeline-store.js";
import type { AttemptExecution, StopReason, TaskAttempt, TaskResult } from "./task-result.js";
import {
  buildTestProgram,
  createPassMarker,
  stripPassMarker,
  testProgramStdin,
  testRunPassed,
} from "./test-program.js";
import { judgeTestRewrite } from "./test-rewrite.js";

/**
 * Classifies a task and picks a model of an available provider for its tier; the
 * routing layer's `createRouter` satisfies it.
 */
export interface ModelRouter {
  route(
    prompt: string,
    options?: { signal?: AbortSignal; level?: Complexity; logger?: PipelineLogger },
  ): Promise<{
    model: LanguageModel;
    complexity: { level: Complexity; score: number };
    /** One sentence: the tier, the model, any fallback taken. */
    reason: string;
  }>;
}

/** A complexity verdict; `score` is the heuristic's 0..1 when there is one. */
export interface ComplexityClassification {
  complexity: Complexity;
  score?: number;
  reasoning?: string;
}

/** Rates a task's complexity (the heuristic classifier, or an LLM one with its fallback). */
export type ComplexityClassifier = (
  prompt: string,
) => ComplexityClassification | Promise<ComplexityClassification>;

/** Prices and tallies model calls; the `CostTracker` satisfies it. */
export interface CostRecorder {
  record(call: {
    model: string;
    agent: string;
    inputTokens: number;
    outputTokens: number;
    durationMs: number;
  }): { costUsd: number };
}

/**
 * The logging the pipeline does (pino's logger satisfies it). Every line the task logs
 * carries its `taskId` and `correlationId`: through `child` when the logger has one.
 */
export type PipelineLogger = ContextualLogger;

/** Tracing and metrics (`startTelemetry(config)` returns them); absent means none. */
export interface PipelineTelemetry {
  tracer: Tracer;
  metrics: CodeForgeMetrics;
}

/** Everything `runTask` works with, injected. */
export interface RunTaskDeps {
  config: Readonly<Config>;
  executor: Executor;
  /** A pinned model; when absent the router picks one by complexity. */
  model?: LanguageModel;
  router?: ModelRouter;
  /**
   * Rates the task when a model is pinned (the router classifies on its own). Defaults to
   * the heuristic classifier with `config.routing`'s thresholds.
   */
  classify?: ComplexityClassifier;
  /** Defaults to parsing in the sandbox through `executor`. */
  syntaxChecker?: SyntaxChecker;
  /** Where the task, its traces and runs are recorded; nothing is recorded without it. */
  store?: PipelineTaskStore;
  logger?: PipelineLogger;
  clock?: Clock;
  costTracker?: CostRecorder;
  signal?: AbortSignal;
  /** Receives every event in order. */
  onEvent?: PipelineListener;
  /** Spans per task, agent step and sandbox run, and the seed's metrics. */
  telemetry?: PipelineTelemetry;
}

/**
 * A task to solve. It carries only what the agent may see: the prompt with its visible
 * examples. A benchmark's hidden tests are never part of it.
 */
export interface PipelineTask {
  prompt: string;
  /** Defaults to what the prompt asks for (Python unless it names JavaScript/Node). */
  language?: Language;
  source?: PipelineSource;
  /** Skips classification when the caller already knows it. */
  complexity?: Complexity;
  repo?: string | null;
  issueNumber?: number | null;
  /** Ties the task's log lines to the request that started it; generated when absent. */
  correlationId?: string;
}

function heuristicClassification(
  prompt: string,
  config: Readonly<Config>,
): ComplexityClassification {
  const assessment = classifyComplexity(prompt, config.routing);
  return {
    complexity: assessment.level,
    score: assessment.score,
    reasoning: assessment.reasoning,
  };
}

class TaskStopped extends Error {
  readonly reason: StopReason;

  constructor(reason: StopReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Added to stderr when a run exited 0 before every test ran. */
const EARLY_EXIT_NOTE =
  "codeforge: the program exited with code 0 before all tests ran (an exit in main() or at import time, e.g. sys.exit(0) or process.exit(0)): the tests did not finish, so the run failed";

function describeExecution(execution: AttemptExecution): string {
  if (execution.blocked) return "blocked by the sandbox guard";
  if (execution.timedOut) return "timed out";
  if (execution.oomKilled) return "ran out of memory";
  const lastLine =
    execution.stderr
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? "";
  return `exit code ${execution.exitCode ?? "none"}${lastLine ? `: ${lastLine}` : ""}`;
}

/** The error trail of every attempt, then why the task stopped. */
export function errorTrail(attempts: readonly TaskAttempt[], stop: string): string {
  const lines: string[] = [];
  for (const attempt of attempts) {
    if (attempt.passed) continue;
    lines.push(`attempt ${attempt.attempt + 1}: ${describeExecution(attempt.execution)}`);
    if (attempt.review) {
      lines.push(
        `  diagnosis: ${attempt.review.error_type}: ${attempt.review.root_cause} (confidence ${attempt.review.confidence})`,
      );
    }
  }
  lines.push(`stopped: ${stop}`);
  return lines.join("\n");
}

/**
 * Runs one task through the self-repair pipeline: classify → plan → code → execute →
 * (completed | review → apply fix → execute …) → failed. Stops when the program passes,
 * when `config.repair.maxRetries` repairs are used, when the reviewer's confidence falls
 * below `config.repair.lowConfidenceThreshold` at retry 2 or later, when a budget (USD,
 * tokens, wall time) is exceeded, or when `signal` aborts. Every step emits an event, every
 * model call is a trace and every run an execution result, written as they happen. A
 * failing program, a budget or a cancellation is a `failed` result, not an exception.
 *
 * @example
 * const result = await runTask({ config, model, executor, store: store.tasks }, { prompt });
 * result.status === "completed" && result.finalCode;
 */
export async function runTask(deps: RunTaskDeps, task: PipelineTask): Promise<TaskResult> {
  if (!deps.telemetry) return runTaskSteps(deps, task);
  return withSpan(
    deps.telemetry.tracer,
    "codeforge.task",
    { "codeforge.task.source": task.source ?? "cli" },
    async (span) => {
      const result = await runTaskSteps(deps, task);
      span.setAttributes({
        "codeforge.task.id": result.taskId,
        "codeforge.task.status": result.status,
        "codeforge.task.stop_reason": result.stopReason,
        "codeforge.task.retries": result.retryCount,
        "codeforge.task.tokens": result.totalTokens,
        "codeforge.task.cost_usd": result.totalCostUsd,
        ...(result.modelUsed ? { "codeforge.task.model": result.modelUsed } : {}),
      });
      return result;
    },
  );
}

async function runTaskSteps(deps: RunTaskDeps, task: PipelineTask): Promise<TaskResult> {
  if (!deps.model && !deps.router) {
    throw new UsageError("runTask needs a model or a router: pass one in its dependencies.");
  }
  const { config, executor, store } = deps;
  const clock = deps.clock ?? systemClock;
  const startedAt = clock.now();
  const language = task.language ?? detectLanguage(task.prompt);
  const maxRetries = config.repair.maxRetries;

  const created = store
    ? await store.create({
        prompt: task.prompt,
        source: task.source ?? "cli",
        status: "pending",
        language,
        repo: task.repo ?? null,
        issueNumber: task.issueNumber ?? null,
      })
    : { id: randomUUID() };
  const taskId = created.id;
  // From here on every line (the pipeline's, the router's, the classifier's) names the task.
  const logger = deps.logger
    ? withTaskContext(deps.logger, { taskId, correlationId: task.correlationId })
    : undefined;
  const syntaxChecker = reportUncheckedSyntax(
    deps.syntaxChecker ?? createSandboxSyntaxChecker(executor),
    logger,
  );
  // One signal for every model call, sandbox run and backoff: it aborts on the caller's
  // signal, and on the wall-time budget so a hung call is cut off rather than waited for.
  const controller = new AbortController();
  const signal = controller.signal;
  const onCallerAbort = () => controller.abort(deps.signal?.reason);
  if (deps.signal?.aborted) onCallerAbort();
  deps.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const wallTimeMs = config.budgets.maxWallTimeSeconds * 1000;
  const wallTimer = setTimeout(
    () =>
      controller.abort(
        new BudgetExceededError("wall_time", config.budgets.maxWallTimeSeconds, wallTimeMs / 1000),
      ),
    wallTimeMs,
  );
  wallTimer.unref?.();

  let sequence = 0;
  let status: PipelineStatus = "pending";
  let stepOrder = 0;
  let complexity: Complexity | null = null;
  let model: LanguageModel | null = null;
  let plan: Plan | null = null;
  let code: string | null = null;
  let tests: string | null = null;
  let finalOutput: string | null = null;
  let retryCount = 0;
  let totalCostUsd = 0;
  let totalTokens = 0;
  const attempts: TaskAttempt[] = [];

  const emit = (event: PipelineEventInput): void => {
    if (!deps.onEvent) return;
    sequence += 1;
    const stamped = { ...event, taskId, sequence, at: clock.now() } as PipelineEvent;
    try {
      deps.onEvent(stamped);
    } catch (error) {
      logger?.warn({ err: error, event: stamped.type }, "a pipeline event listener threw");
    }
  };

  const setStatus = async (to: PipelineStatus, progress?: PipelineTaskProgress) => {
    emit({ type: "status.changed", from: status, to });
    status = to;
    await store?.updateStatus(taskId, to, progress);
  };

  const checkLimits = (): void => {
    if (signal.aborted) {
      if (signal.reason instanceof BudgetExceededError) throw signal.reason;
      throw new TaskStopped("cancelled", "cancelled");
    }
    const { maxCostUsd, maxTokens, maxWallTimeSeconds } = config.budgets;
    if (maxCostUsd !== undefined && totalCostUsd > maxCostUsd) {
      throw new BudgetExceededError("cost", maxCostUsd, totalCostUsd);
    }
    if (maxTokens !== undefined && totalTokens > maxTokens) {
      throw new BudgetExceededError("tokens", maxTokens, totalTokens);
    }
    const elapsedSeconds = (clock.now() - startedAt) / 1000;
    if (elapsedSeconds > maxWallTimeSeconds) {
      throw new BudgetExceededError("wall_time", maxWallTimeSeconds, elapsedSeconds);
    }
  };

  const writeTrace = (trace: Omit<PipelineTrace, "stepOrder" | "agent"> & { agent: AgentName }) => {
    stepOrder += 1;
    return store?.addTrace(taskId, { ...trace, stepOrder });
  };

  /** Runs one agent step: events around it, a trace per model call, budgets checked after each call. */
  const agentStep = async <T>(
    agent: AgentName,
    detail: string | undefined,
    call: (hooks: {
      onCall: (call: ModelCall) => void;
      now: () => number;
    }) => Promise<StructuredCallResult<T>>,
    reasoningOf: (value: T) => string,
  ): Promise<T> => {
    emit({ type: "agent.started", agent, ...(detail ? { detail } : {}) });
    const stepStart = clock.now();
    const made: Array<{ call: ModelCall; costUsd: number }> = [];
    const onCall = (modelCall: ModelCall) => {
      const costUsd =
        deps.costTracker?.record({
          model: model?.id ?? modelCall.model,
          agent,
          inputTokens: modelCall.inputTokens,
          outputTokens: modelCall.outputTokens,
          durationMs: modelCall.durationMs,
        }).costUsd ?? 0;
      totalCostUsd += costUsd;
      totalTokens += modelCall.inputTokens + modelCall.outputTokens;
      made.push({ call: modelCall, costUsd });
      checkLimits();
    };
    let value: T | undefined;
    let failure: string | undefined;
    try {
      value = (
        await traced(`codeforge.agent.${agent}`, { "codeforge.agent": agent }, () =>
          call({ onCall, now: () => clock.now() }),
        )
      ).value;
      return value;
    } catch (error) {
      failure = signal.aborted
        ? signal.reason instanceof BudgetExceededError
          ? signal.reason.message
          : "cancelled"
        : error instanceof Error
          ? error.message
          : String(error);
      throw error;
    } finally {
      metrics?.recordAgentDuration(agent, clock.now() - stepStart);
      for (const { call: modelCall, costUsd } of made) {
        metrics?.recordLlmUsage({
          model: model?.id ?? modelCall.model,
          inputTokens: modelCall.inputTokens,
          outputTokens: modelCall.outputTokens,
          costUsd,
          agent,
        });
      }
      for (const [index, { call: modelCall, costUsd }] of made.entries()) {
        const last = index === made.length - 1;
        await writeTrace({
          agent,
          input: modelCall.input,
          output: modelCall.output,
          reasoning:
            last && value !== undefined
              ? reasoningOf(value)
              : "invalid reply: asked again with the problems",
          inputTokens: modelCall.inputTokens,
          outputTokens: modelCall.outputTokens,
          costUsd,
          durationMs: modelCall.durationMs,
          model: modelCall.model,
        });
      }
      emit({
        type: "agent.completed",
        agent,
        ...(detail ? { detail } : {}),
        durationMs: clock.now() - stepStart,
        inputTokens: made.reduce((sum, entry) => sum + entry.call.inputTokens, 0),
        outputTokens: made.reduce((sum, entry) => sum + entry.call.outputTokens, 0),
        costUsd: made.reduce((sum, entry) => sum + entry.costUsd, 0),
        model: model?.id ?? null,
        calls: made.length,
        ok: failure === undefined,
        ...(failure === undefined ? {} : { error: failure }),
      });
    }
  };

  /** Runs `fn` in a span when telemetry is on. */
  const traced = <T>(
    name: string,
    attributes: Record<string, string | number>,
    fn: () => Promise<T>,
  ) =>
    deps.telemetry
      ? withSpan(deps.telemetry.tracer, name, { "codeforge.task.id": taskId, ...attributes }, fn)
      : fn();
  const metrics = deps.telemetry?.metrics;

  const llmSettings = () => ({
    temperature: config.llm.temperature,
    maxTokens: config.llm.maxOutputTokens,
    signal,
  });

  let finishing = false;
  const finish = async (
    outcome: "completed" | "failed",
    stopReason: StopReason,
    errorMessage: string | null,
  ): Promise<TaskResult> => {
    clearTimeout(wallTimer);
    deps.signal?.removeEventListener("abort", onCallerAbort);
    const result: TaskResult = {
      taskId,
      status: outcome,
      stopReason,
      complexity,
      language,
      modelUsed: model?.id ?? null,
      plan,
      finalCode: code,
      finalTests: tests,
      finalOutput,
      retryCount,
      totalCostUsd,
      totalTokens,
      totalTimeMs: clock.now() - startedAt,
      errorMessage,
      attempts,
    };
    finishing = true;
    const progress: PipelineTaskProgress = {
      complexity,
      modelUsed: result.modelUsed,
      plan,
      finalCode: code,
      finalTests: tests,
      finalOutput,
      retryCount,
      totalCostUsd,
      totalTokens,
      totalTimeMs: result.totalTimeMs,
      errorMessage,
    };
    try {
      await store?.finish(taskId, outcome, progress);
    } catch (error) {
      // The row must not stay looking alive: mark it failed once, then let the caller know.
      const reason = error instanceof Error ? error.message : String(error);
      logger?.error({ err: error, outcome }, "recording the task's end failed");
      emit({ type: "status.changed", from: status, to: "failed" });
      status = "failed";
      await store
        ?.finish(taskId, "failed", {
          ...progress,
          errorMessage: `${errorMessage ? `${errorMessage}\n` : ""}stopped: recording the ${outcome} result failed: ${reason}`,
        })
        .catch((second: unknown) =>
          logger?.error({ err: second }, "marking the task failed failed as well"),
        );
      throw error;
    }
    emit({ type: "status.changed", from: status, to: outcome });
    status = outcome;
    metrics?.countTask(outcome);
    metrics?.recordTaskDuration(result.totalTimeMs, outcome);
    emit(
      outcome === "completed"
        ? { type: "task.completed", result }
        : { type: "task.failed", result },
    );
    logger?.info(
      { status: outcome, stopReason, retryCount, totalTokens, totalCostUsd },
      "task finished",
    );
    return result;
  };

  emit({ type: "task.started", prompt: task.prompt, language });
  try {
    checkLimits();

    await setStatus("classifying", { language });
    emit({ type: "agent.started", agent: "classifier" });
    const classifyStart = clock.now();
    let classification: ComplexityClassification;
    // Tokens of an LLM classifier call, counted by wrapping the model it is given.
    const classifierUsage = {
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      model: null as string | null,
    };
    if (deps.model) {
      const pinned = deps.model;
      model = pinned;
      if (task.complexity) {
        classification = {
          complexity: task.complexity,
          reasoning: "complexity given with the task",
        };
      } else if (deps.classify) {
        classification = await deps.classify(task.prompt);
      } else if (config.routing.llmClassifier) {
        const counting: LanguageModel = {
          id: pinned.id,
          provider: pinned.provider,
          model: pinned.model,
          generate: async (request) => {
            const answer = await pinned.generate(request);
            classifierUsage.inputTokens += answer.usage.inputTokens;
            classifierUsage.outputTokens += answer.usage.outputTokens;
            classifierUsage.model = answer.model;
            return answer;
          },
        };
        const assessment = await classifyComplexityWithModel(task.prompt, {
          model: counting,
          routing: config.routing,
          signal,
          ...(logger ? { logger } : {}),
        });
        classification = {
          complexity: assessment.level,
          score: assessment.score,
          reasoning: `${assessment.source}: ${assessment.reasoning}`,
        };
        if (classifierUsage.inputTokens + classifierUsage.outputTokens > 0) {
          classifierUsage.costUsd =
            deps.costTracker?.record({
              model: pinned.id,
              agent: "classifier",
              inputTokens: classifierUsage.inputTokens,
              outputTokens: classifierUsage.outputTokens,
              durationMs: clock.now() - classifyStart,
            }).costUsd ?? 0;
          totalCostUsd += classifierUsage.costUsd;
          totalTokens += classifierUsage.inputTokens + classifierUsage.outputTokens;
        }
      } else {
        classification = heuristicClassification(task.prompt, config);
      }
    } else {
      const decision = await (deps.router as ModelRouter).route(task.prompt, {
        signal,
        ...(task.complexity ? { level: task.complexity } : {}),
        ...(logger ? { logger } : {}),
      });
      model = decision.model;
      classification = {
        complexity: decision.complexity.level,
        score: decision.complexity.score,
        reasoning: decision.reason,
      };
    }
    complexity = classification.complexity;
    const classifyMs = clock.now() - classifyStart;
    await writeTrace({
      agent: "classifier",
      input: task.prompt,
      output: classification,
      reasoning: `rated ${complexity}${classification.score === undefined ? "" : ` (score ${classification.score.toFixed(2)})`}: ${classification.reasoning ?? "classified"}; model ${model.id}`,
      inputTokens: classifierUsage.inputTokens,
      outputTokens: classifierUsage.outputTokens,
      costUsd: classifierUsage.costUsd,
      durationMs: classifyMs,
      model: classifierUsage.model,
    });
    emit({
      type: "agent.completed",
      agent: "classifier",
      durationMs: classifyMs,
      inputTokens: classifierUsage.inputTokens,
      outputTokens: classifierUsage.outputTokens,
      costUsd: classifierUsage.costUsd,
      model: model.id,
      calls: classifierUsage.model === null ? 0 : 1,
      ok: true,
      complexity,
    });
    checkLimits();
    const activeModel = model;

    await setStatus("planning", { complexity, modelUsed: activeModel.id });
    if (complexity === "simple") {
      // A simple task is one function: a planner call would cost a full round trip of
      // tokens to say "one step". See docs/pipeline.md for the measured saving.
      emit({ type: "agent.started", agent: "planner", detail: "single step" });
      plan = singleStepPlan(task.prompt);
      await writeTrace({
        agent: "planner",
        input: null,
        output: plan,
        reasoning: plan.reasoning,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        durationMs: 0,
        model: null,
      });
      emit({
        type: "agent.completed",
        agent: "planner",
        detail: "single step",
        durationMs: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        model: null,
        calls: 0,
        ok: true,
      });
    } else {
      plan = await agentStep(
        "planner",
        undefined,
        (hooks) =>
          runPlanner({
            model: activeModel,
            task: task.prompt,
            language,
            ...llmSettings(),
            ...hooks,
          }),
        (value) => value.reasoning,
      );
    }
    const activePlan = plan;

    checkLimits();
    await setStatus("coding", { plan: activePlan });
    const order = topologicalOrder(activePlan) ?? activePlan.subtasks;
    const codeSegments: string[] = [];
    const testSegments: string[] = [];
    for (const subtask of order) {
      checkLimits();
      const priorCode = codeSegments.length > 0 ? mergeSegments(language, codeSegments) : "";
      const segment = await agentStep(
        "coder",
        `step ${subtask.id} of ${activePlan.subtasks.length}`,
        (hooks) =>
          runCoder({
            model: activeModel,
            task: task.prompt,
            language,
            plan: activePlan,
            subtask,
            priorCode,
            syntaxChecker,
            // A benchmark's answer is a function its harness calls, not a program to run.
            requireEntryPoint: task.source !== "benchmark",
            ...llmSettings(),
            ...hooks,
          }),
        (value) => value.explanation,
      );
      codeSegments.push(segment.code);
      if (segment.tests.trim()) testSegments.push(segment.tests.trim());
    }
    let programCode = mergeSegments(language, codeSegments);
    let programTests = testSegments.join("\n\n");
    code = programCode;
    tests = programTests;
    emit({ type: "code.generated", code: programCode, tests: programTests, by: "coder" });

    const previousRepairs: PreviousRepairInput[] = [];
    for (;;) {
      checkLimits();
      await setStatus("executing", { retryCount });
      const attemptNumber = retryCount;
      emit({ type: "execution.started", attempt: attemptNumber });
      // Fresh per run, on stdin only: exit 0 without it at the end of stdout is no pass.
      const passMarker = createPassMarker();
      const run = await traced(
        "codeforge.sandbox.run",
        { "codeforge.attempt": attemptNumber, "codeforge.language": language },
        () =>
          executor.run({
            language,
            code: buildTestProgram(language, programCode, programTests),
            stdin: testProgramStdin(passMarker),
            timeoutMs: config.sandbox.timeoutSeconds * 1000,
            memoryMb: config.sandbox.memoryMb,
            cpus: config.sandbox.cpus,
            signal,
            onOutput: (stream, chunk) =>
              emit({
                type: "execution.output",
                attempt: attemptNumber,
                stream,
                chunk: stripPassMarker(chunk, passMarker),
              }),
          }),
      );
      const passed = testRunPassed(run, passMarker);
      const execution: AttemptExecution = {
        exitCode: run.exitCode,
        stdout: stripPassMarker(run.stdout, passMarker),
        // The reviewer must see why the guard refused the code, or why exit 0 failed.
        stderr:
          run.blocked && run.blockReason
            ? `${run.stderr}${run.blockReason}`
            : run.exitCode === 0 && !passed && !run.timedOut && !run.oomKilled
              ? `${run.stderr}${EARLY_EXIT_NOTE}\n`
              : run.stderr,
        timedOut: run.timedOut,
        oomKilled: run.oomKilled,
        blocked: run.blocked ?? false,
        durationMs: run.durationMs,
      };
      metrics?.recordSandboxExecution(run.durationMs, {
        language,
        outcome: passed ? "passed" : run.timedOut ? "timeout" : run.oomKilled ? "oom" : "failed",
      });
      if (attemptNumber > 0) metrics?.countRepairAttempt(passed ? "fixed" : "still_failing");
      const attempt: TaskAttempt = {
        attempt: attemptNumber,
        code: programCode,
        tests: programTests,
        execution,
        passed,
      };
      attempts.push(attempt);
      finalOutput = passed
        ? execution.stdout
        : [execution.stdout, execution.stderr].filter((text) => text.trim()).join("\n");
      await store?.addExecutionResult(taskId, {
        attempt: attemptNumber,
        code: programCode,
        tests: programTests,
        exitCode: run.exitCode,
        stdout: execution.stdout,
        stderr: execution.stderr,
        timedOut: run.timedOut,
        oomKilled: run.oomKilled,
        truncated: run.truncated,
        blocked: execution.blocked,
        durationMs: run.durationMs,
      });
      emit({ type: "execution.completed", attempt: attemptNumber, passed, result: execution });
      if (passed) return await finish("completed", "completed", null);
      if (retryCount >= maxRetries) {
        throw new TaskStopped(
          "retries_exhausted",
          `retries exhausted (${retryCount} of ${maxRetries} repairs used)`,
        );
      }

      checkLimits();
      const retry = retryCount + 1;
      emit({ type: "repair.started", retry, maxRetries });
      await setStatus("reviewing");
      const failingCode = programCode;
      const failingTests = programTests;
      const review: Review = await agentStep(
        "reviewer",
        `repair ${retry} of ${maxRetries}`,
        (hooks) =>
          runReviewer({
            model: activeModel,
            task: task.prompt,
            language,
            code: failingCode,
            tests: failingTests,
            exitCode: execution.exitCode,
            stdout: execution.stdout,
            stderr: execution.stderr,
            timedOut: execution.timedOut,
            oomKilled: execution.oomKilled,
            attempt: attemptNumber + 1,
            maxAttempts: maxRetries + 1,
            previousRepairs,
            syntaxChecker,
            ...llmSettings(),
            ...hooks,
          }),
        (value) => {
          const change = judgeTestRewrite(language, failingTests, value.fixed_tests);
          return change ? `${value.root_cause} · ${change.note}` : value.root_cause;
        },
      );
      attempt.review = review;
      // The review belongs to the retry it asks for: from repair 2 on, an unsure fix is not applied.
      if (retry >= 2 && review.confidence < config.repair.lowConfidenceThreshold) {
        throw new TaskStopped(
          "low_confidence",
          `the reviewer's confidence ${review.confidence} for repair ${retry} is below ${config.repair.lowConfidenceThreshold}: stopping early rather than guessing`,
        );
      }
      previousRepairs.push({
        rootCause: review.root_cause,
        fixDescription: review.fix_description,
        confidence: review.confidence,
      });

      const backoffMs = 2 ** (retry - 1) * config.repair.backoffBaseSeconds * 1000;
      if (backoffMs > 0) await clock.sleep(backoffMs, signal);
      await setStatus("repairing", { retryCount: retry });
      programCode = review.fixed_code;
      const testsChange = judgeTestRewrite(language, failingTests, review.fixed_tests);
      if (testsChange && !testsChange.accepted)
        logger?.warn({ retry, ...testsChange }, testsChange.note);
      programTests = testsChange?.accepted ? (review.fixed_tests as string) : failingTests;
      code = programCode;
      tests = programTests;
      retryCount = retry;
      emit({
        type: "repair.fix_applied",
        retry,
        review,
        previousCode: failingCode,
        code: programCode,
        previousTests: failingTests,
        tests: programTests,
        ...(testsChange ? { testsChange } : {}),
      });
      emit({ type: "code.generated", code: programCode, tests: programTests, by: "reviewer" });
    }
  } catch (error) {
    // finish() failed in the store and has already marked the task failed: no second finish.
    if (finishing) throw error;
    if (signal.aborted && signal.reason instanceof BudgetExceededError) {
      return finish("failed", "budget_exceeded", errorTrail(attempts, signal.reason.message));
    }
    if (signal.aborted) {
      const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : "";
      return finish("failed", "cancelled", errorTrail(attempts, `cancelled${reason}`));
    }
    if (error instanceof TaskStopped) {
      return finish("failed", error.reason, errorTrail(attempts, error.message));
    }
    if (error instanceof BudgetExceededError) {
      return finish("failed", "budget_exceeded", errorTrail(attempts, error.message));
    }
    logger?.error({ err: error, status }, "task failed on an error");
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof CodeForgeError ? error.name : "error";
    return finish("failed", "error", errorTrail(attempts, `${kind} while ${status}: ${message}`));
  }
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
