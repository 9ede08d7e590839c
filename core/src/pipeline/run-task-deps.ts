import type { Tracer } from "@opentelemetry/api";
import type { Complexity, SyntaxChecker } from "../agents/index.js";
import type { Config } from "../config/index.js";
import type { Executor, Language, RepositoryTestRunner } from "../executor/index.js";
import type { LanguageModel } from "../llm/index.js";
import type { ContextualLogger } from "../logging/index.js";
import type { CodeForgeMetrics } from "../telemetry/index.js";
import type { Clock } from "./clock.js";
import type { PipelineListener } from "./pipeline-events.js";
import type { PipelineSource, PipelineTaskStore } from "./pipeline-store.js";
import type { RepositoryTaskInput } from "./repository/repository-task.js";

/**
 * Classifies a task and picks a model of an available provider for its tier; the
 * routing layer's `createRouter` satisfies it.
 */
export interface ModelRouter {
  route(
    prompt: string,
    options?: {
      signal?: AbortSignal;
      level?: Complexity;
      logger?: PipelineLogger;
      /** Wraps a model the router calls on its own (its LLM classifier), so the run counts it. */
      observeModel?: (model: LanguageModel) => LanguageModel;
    },
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
  /** Runs a repository's tests (the sandbox's); needed for repository tasks only. */
  repositoryRunner?: RepositoryTestRunner;
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
  /** The comment that asked for the task (the App's), recorded with it. */
  commentUrl?: string | null;
  /**
   * Makes it a repository task: the artifact is a set of changes to these files, verified by
   * the repository's own tests. Absent: a program task (one program and its tests).
   */
  repository?: RepositoryTaskInput;
  /** Ties the task's log lines to the request that started it; generated when absent. */
  correlationId?: string;
}
