import type { PipelineEvent, PipelineEventInput, TaskResult } from "@codeforge/core";

/** A repository task's result that needed one repair, as the pipeline returns it. */
export function sampleResult(overrides: Partial<TaskResult> = {}): TaskResult {
  const execution = {
    exitCode: 1,
    stdout: "",
    stderr: "",
    timedOut: false,
    oomKilled: false,
    blocked: false,
    durationMs: 900,
  };
  return {
    taskId: "task-1",
    status: "completed",
    stopReason: "completed",
    complexity: "medium",
    language: "python",
    modelUsed: "openai/gpt-4o-mini",
    plan: {
      reasoning: "small change",
      subtasks: [
        {
          id: 1,
          description: "Add parse_duration",
          dependencies: [],
          estimated_complexity: "simple",
        },
        { id: 2, description: "Test it", dependencies: [1], estimated_complexity: "simple" },
      ],
    },
    finalCode: null,
    finalTests: null,
    finalOutput: null,
    retryCount: 1,
    totalCostUsd: 0.0042,
    totalTokens: 3210,
    totalTimeMs: 65_000,
    errorMessage: null,
    attempts: [
      {
        attempt: 0,
        code: "diff",
        tests: "pytest -q",
        execution,
        passed: false,
        review: {
          root_cause: "minutes | were parsed as hours",
          error_type: "logic_error",
          fix_description: "use 60 for minutes",
          confidence: 0.85,
          changes_made: ["fixed factor"],
        },
      },
      {
        attempt: 1,
        code: "diff",
        tests: "pytest -q",
        execution: { ...execution, exitCode: 0 },
        passed: true,
      },
    ],
    repository: {
      baseCommit: "abc123",
      testCommand: "pytest -q",
      baseline: { passed: true, failing: [], tests: 3 },
      changes: [{ path: "pkg/time.py", content: "x\n" }],
      diff: {
        patch: "diff --git a/pkg/time.py b/pkg/time.py\n",
        files: [{ path: "pkg/time.py", status: "modified", additions: 12, deletions: 1 }],
        additions: 12,
        deletions: 1,
      },
      tests: [
        { name: "test_minutes", file: "tests/test_time.py", outcome: "passed" },
        { name: "test_hours", file: "tests/test_time.py", outcome: "passed" },
      ],
    },
    ...overrides,
  };
}

/** Stamps event payloads as the pipeline does (task, sequence, time one second apart). */
export function stamp(inputs: PipelineEventInput[], start = 1_000_000): PipelineEvent[] {
  return inputs.map(
    (input, index) =>
      ({
        ...input,
        taskId: "task-1",
        sequence: index + 1,
        at: start + index * 1000,
      }) as PipelineEvent,
  );
}

const usage = { inputTokens: 100, outputTokens: 50, costUsd: 0.001, calls: 1, ok: true } as const;

/** The events of a run that failed its first test run and passed after one repair. */
export function repairedRunEvents(result: TaskResult = sampleResult()): PipelineEvent[] {
  const execution = result.attempts[0]?.execution;
  if (!execution) throw new Error("sample result without attempts");
  return stamp([
    { type: "task.started", prompt: "Add parse_duration", language: "python" },
    { type: "agent.started", agent: "classifier" },
    {
      type: "agent.completed",
      agent: "classifier",
      durationMs: 5,
      ...usage,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      calls: 0,
      model: null,
      complexity: "medium",
    },
    { type: "baseline.completed", passed: true, tests: 3, failing: [], durationMs: 800 },
    { type: "agent.started", agent: "planner" },
    {
      type: "agent.completed",
      agent: "planner",
      durationMs: 900,
      ...usage,
      model: "openai/gpt-4o-mini",
    },
    { type: "agent.started", agent: "coder", detail: "step 1 of 2" },
    {
      type: "agent.completed",
      agent: "coder",
      detail: "step 1 of 2",
      durationMs: 900,
      ...usage,
      model: "openai/gpt-4o-mini",
    },
    { type: "agent.started", agent: "coder", detail: "step 2 of 2" },
    {
      type: "agent.completed",
      agent: "coder",
      detail: "step 2 of 2",
      durationMs: 900,
      ...usage,
      model: "openai/gpt-4o-mini",
    },
    { type: "execution.started", attempt: 0 },
    { type: "execution.completed", attempt: 0, passed: false, result: execution },
    { type: "repair.started", retry: 1, maxRetries: 3 },
    { type: "agent.started", agent: "reviewer", detail: "repair 1 of 3" },
    {
      type: "agent.completed",
      agent: "reviewer",
      detail: "repair 1 of 3",
      durationMs: 900,
      ...usage,
      model: "openai/gpt-4o-mini",
    },
    {
      type: "repair.fix_applied",
      retry: 1,
      review: {
        root_cause: "minutes were parsed as hours",
        error_type: "logic_error",
        fix_description: "use 60",
        confidence: 0.85,
        changes_made: [],
      },
      previousCode: "",
      code: "",
      previousTests: "",
      tests: "",
    },
    { type: "execution.started", attempt: 1 },
    {
      type: "execution.completed",
      attempt: 1,
      passed: true,
      result: { ...execution, exitCode: 0 },
    },
    { type: "task.completed", result },
  ]);
}
