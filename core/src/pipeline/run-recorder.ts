import { redactValues, type SecretRedactor } from "../logging/index.js";
import type { CodeForgeMetrics } from "../telemetry/index.js";
import { withSpan } from "../telemetry/index.js";
import type { Clock } from "./clock.js";
import { createPipelineEmitter } from "./pipeline-emitter.js";
import type { PipelineEvent, PipelineEventInput, PipelineListener } from "./pipeline-events.js";
import type {
  PipelineExecutionRecord,
  PipelineStatus,
  PipelineTaskProgress,
  PipelineTaskStore,
  PipelineTrace,
} from "./pipeline-store.js";
import type { PipelineLogger, PipelineTelemetry } from "./run-task-deps.js";
import type { TaskResult } from "./task-result.js";

/**
 * The one observer of a run: every event, status, trace, sandbox run and the end pass
 * through it, and it feeds the listeners, the store, the metrics, the spans and the log.
 * Steps never talk to the store or the telemetry themselves.
 */
export interface RunRecorder {
  readonly taskId: string;
  /** Stamps an event (task, sequence, time) and delivers it; a throwing listener is logged. */
  emit(event: PipelineEventInput): void;
  /** The status the run is in now. */
  status(): PipelineStatus;
  /** Moves the run to `to`: an event, then the task row. */
  setStatus(to: PipelineStatus, progress?: PipelineTaskProgress): Promise<void>;
  /** Records one agent call (or a step that made none) in step order. */
  trace(trace: Omit<PipelineTrace, "stepOrder">): Promise<void>;
  /** Records one sandbox run of the artifact. */
  execution(record: PipelineExecutionRecord): Promise<void>;
  /** Runs `fn` in a span named `name` when telemetry is on. */
  span<T>(
    name: string,
    attributes: Record<string, string | number>,
    fn: () => Promise<T>,
  ): Promise<T>;
  /** The metrics instruments, when telemetry is on. */
  readonly metrics: CodeForgeMetrics | undefined;
  /**
   * Writes the end of the run and announces it. When the store cannot record it, the task
   * is marked failed once (with why) and the store's error is rethrown: a row must never
   * stay looking alive.
   */
  finish(result: TaskResult, progress: PipelineTaskProgress): Promise<TaskResult>;
}

/** Options of {@link createRunRecorder}. */
export interface RunRecorderOptions {
  taskId: string;
  clock: Clock;
  store?: PipelineTaskStore;
  onEvent?: PipelineListener;
  logger?: PipelineLogger;
  telemetry?: PipelineTelemetry;
  /**
   * Applied to every string the run lets out: events, rows, traces and the result, so a
   * secret that reached a model's answer or a program's output is not repeated anywhere.
   */
  redact?: SecretRedactor;
}

/** Creates the recorder of one run. */
export function createRunRecorder(options: RunRecorderOptions): RunRecorder {
  const { taskId, clock, store, logger, telemetry } = options;
  const clean = <T>(value: T): T => (options.redact ? redactValues(value, options.redact) : value);
  const emitter = createPipelineEmitter((error, event) =>
    logger?.warn({ err: error, event: event.type }, "a pipeline event listener threw"),
  );
  if (options.onEvent) emitter.on(options.onEvent);
  const counters = { sequence: 0, stepOrder: 0 };
  const current: { status: PipelineStatus } = { status: "pending" };

  const emit = (event: PipelineEventInput): void => {
    counters.sequence += 1;
    emitter.emit({
      ...clean(event),
      taskId,
      sequence: counters.sequence,
      at: clock.now(),
    } as PipelineEvent);
  };
  const moveTo = (to: PipelineStatus): void => {
    emit({ type: "status.changed", from: current.status, to });
    current.status = to;
  };

  return {
    taskId,
    emit,
    status: () => current.status,
    async setStatus(to, progress) {
      moveTo(to);
      await store?.updateStatus(taskId, to, progress && clean(progress));
    },
    async trace(trace) {
      counters.stepOrder += 1;
      await store?.addTrace(taskId, { ...clean(trace), stepOrder: counters.stepOrder });
    },
    async execution(record) {
      await store?.addExecutionResult(taskId, clean(record));
    },
    span(name, attributes, fn) {
      return telemetry
        ? withSpan(telemetry.tracer, name, { "codeforge.task.id": taskId, ...attributes }, fn)
        : fn();
    },
    metrics: telemetry?.metrics,
    async finish(unsafeResult, unsafeProgress) {
      const result = clean(unsafeResult);
      const progress = clean(unsafeProgress);
      const outcome = result.status;
      try {
        await store?.finish(taskId, outcome, progress);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger?.error({ err: error, outcome }, "recording the task's end failed");
        moveTo("failed");
        await store
          ?.finish(taskId, "failed", {
            ...progress,
            errorMessage: `${progress.errorMessage ? `${progress.errorMessage}\n` : ""}stopped: recording the ${outcome} result failed: ${reason}`,
          })
          .catch((second: unknown) =>
            logger?.error({ err: second }, "marking the task failed failed as well"),
          );
        throw error;
      }
      moveTo(outcome);
      telemetry?.metrics.countTask(outcome);
      telemetry?.metrics.recordTaskDuration(result.totalTimeMs, outcome);
      emit(
        outcome === "completed"
          ? { type: "task.completed", result }
          : { type: "task.failed", result },
      );
      logger?.info(
        {
          status: outcome,
          stopReason: result.stopReason,
          retryCount: result.retryCount,
          totalTokens: result.totalTokens,
          totalCostUsd: result.totalCostUsd,
        },
        "task finished",
      );
      return result;
    },
  };
}
