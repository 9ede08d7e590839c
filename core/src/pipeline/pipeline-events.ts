import type { AgentName, Complexity, Diagnosis } from "../agents/index.js";
import type { Language, OutputStream } from "../executor/index.js";
import type { PipelineStatus } from "./pipeline-store.js";
import type { AttemptExecution, TaskResult } from "./task-result.js";
import type { TestsChange } from "./test-rewrite.js";

/** Every event type, noun then verb, in the order a run typically emits them. */
export const PIPELINE_EVENT_TYPES = [
  "task.started",
  "baseline.completed",
  "status.changed",
  "agent.started",
  "agent.completed",
  "code.generated",
  "execution.started",
  "execution.output",
  "execution.completed",
  "repair.started",
  "repair.fix_applied",
  "task.completed",
  "task.failed",
] as const;
export type PipelineEventType = (typeof PIPELINE_EVENT_TYPES)[number];

/** What every event carries: its task, its position in the run and when it happened. */
interface EventBase {
  taskId: string;
  /** 1, 2, 3 … in emission order. */
  sequence: number;
  /** Milliseconds since the epoch, from the pipeline's clock. */
  at: number;
}

/** Events of a task run, as a discriminated union on `type`. */
export type PipelineEvent = EventBase &
  (
    | { type: "task.started"; prompt: string; language: Language }
    | {
        /** A repository task's tests before any change: whether they passed, what failed. */
        type: "baseline.completed";
        passed: boolean;
        tests: number;
        failing: string[];
        durationMs: number;
      }
    | { type: "status.changed"; from: PipelineStatus; to: PipelineStatus }
    | { type: "agent.started"; agent: AgentName; detail?: string }
    | {
        type: "agent.completed";
        agent: AgentName;
        detail?: string;
        durationMs: number;
        inputTokens: number;
        outputTokens: number;
        costUsd: number;
        model: string | null;
        /** Model calls the step took (2 after a corrective re-ask). */
        calls: number;
        /** False when the step threw (cancelled, budget, invalid output, provider error). */
        ok: boolean;
        /** Why the step failed, when `ok` is false. */
        error?: string;
        complexity?: Complexity;
        /** The classifier's step: why the tier and the model were chosen, in one sentence. */
        reason?: string;
      }
    | { type: "code.generated"; code: string; tests: string; by: "coder" | "reviewer" }
    | { type: "execution.started"; attempt: number }
    | { type: "execution.output"; attempt: number; stream: OutputStream; chunk: string }
    | { type: "execution.completed"; attempt: number; passed: boolean; result: AttemptExecution }
    | { type: "repair.started"; retry: number; maxRetries: number }
    | {
        type: "repair.fix_applied";
        retry: number;
        review: Diagnosis;
        previousCode: string;
        code: string;
        previousTests: string;
        tests: string;
        /** Present when the reviewer proposed new tests: whether they were taken, and why. */
        testsChange?: TestsChange;
      }
    | { type: "task.completed"; result: TaskResult }
    | { type: "task.failed"; result: TaskResult }
  );

/** The payload of an event before the pipeline stamps it with task, sequence and time. */
export type PipelineEventInput = PipelineEvent extends infer Event
  ? Event extends PipelineEvent
    ? Omit<Event, keyof EventBase>
    : never
  : never;

/** Receives events in the order they happen. */
export type PipelineListener = (event: PipelineEvent) => void;
