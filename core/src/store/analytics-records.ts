import type { TaskStatus } from "./task-records.js";

/** Cost of one model over the window (from the tasks that ran on it). */
export interface ModelCost {
  model: string;
  costUsd: number;
  tokens: number;
  tasks: number;
}

/** Cost of one agent over the window (from its recorded calls). */
export interface AgentCost {
  agent: string;
  costUsd: number;
  tokens: number;
  calls: number;
}

/** Cost of one UTC day. */
export interface DailyCost {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  costUsd: number;
  tasks: number;
}

/** What tasks cost over the last N days. */
export interface TaskCostSummary {
  days: number;
  /** Start of the window: midnight UTC, `days - 1` days before today. */
  since: Date;
  totalCostUsd: number;
  totalTokens: number;
  tasks: number;
  /** Most expensive first. */
  byModel: ModelCost[];
  /** Most expensive first. */
  byAgent: AgentCost[];
  /** One entry per day of the window, oldest first, days without tasks as zero. */
  daily: DailyCost[];
}

/** How tasks went. */
export interface PerformanceSummary {
  totalTasks: number;
  /** Completed divided by finished (completed + failed); 0 when none finished. */
  successRate: number;
  /** Mean wall time of finished tasks, in milliseconds; 0 when none finished. */
  avgTimeMs: number;
  /** Mean retries of finished tasks; 0 when none finished. */
  avgRetries: number;
  /** A count for every status, zero included. */
  byStatus: Record<TaskStatus, number>;
}

/** How many tasks ran on one model and their share. */
export interface ModelShare {
  model: string;
  count: number;
  /** Share of tasks with a model, 0..100, two decimals. */
  percentage: number;
}

/** The recorded model calls of one model, for pricing them on another (routing savings). */
export interface ModelTokens {
  /** The model the calls recorded (steps that called no model are left out). */
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** An optional time window for the analytics queries. */
export interface AnalyticsWindow {
  /** Only tasks created in the last N days (UTC days, today included). */
  days?: number;
  now?: Date;
}
