export { type ArtifactSteps, programSteps } from "./artifact-steps.js";
export { BudgetExceededError, type BudgetKind } from "./budget-exceeded-error.js";
export { type Clock, systemClock } from "./clock.js";
export { detectLanguage } from "./detect-language.js";
export { errorTrail } from "./error-trail.js";
export { createPipelineEmitter, type PipelineEmitter } from "./pipeline-emitter.js";
export {
  PIPELINE_EVENT_TYPES,
  type PipelineEvent,
  type PipelineEventInput,
  type PipelineEventType,
  type PipelineListener,
} from "./pipeline-events.js";
export type {
  PipelineExecutionRecord,
  PipelineSource,
  PipelineStatus,
  PipelineTaskProgress,
  PipelineTaskStore,
  PipelineTrace,
} from "./pipeline-store.js";
export {
  type PrepareRepositoryTaskOptions,
  prepareRepositoryTask,
} from "./repository/prepare-repository-task.js";
export { createRepositorySteps } from "./repository/repository-steps.js";
export type {
  RepositoryArtifact,
  RepositoryBaseline,
  RepositoryOutcome,
  RepositoryTaskInput,
} from "./repository/repository-task.js";
export type { ProgramArtifact, RunState } from "./run-state.js";
export { runTask } from "./run-task.js";
export type {
  ComplexityClassification,
  ComplexityClassifier,
  CostRecorder,
  ModelRouter,
  PipelineLogger,
  PipelineTask,
  PipelineTelemetry,
  RunTaskDeps,
} from "./run-task-deps.js";
export {
  type AttemptExecution,
  STOP_REASONS,
  type StopReason,
  type TaskAttempt,
  type TaskResult,
} from "./task-result.js";
export type { StepResult, TaskFault, TaskStop } from "./task-stop.js";
export {
  buildTestProgram,
  buildTestRun,
  createPassMarker,
  stripPassMarker,
  TEST_RUN_FILES,
  TESTS_PASSED_MARKER,
  TESTS_UNFINISHED_LINE,
  type TestRun,
  testProgramStdin,
  testRunPassed,
  testRunUnfinished,
} from "./test-program.js";
export { countAssertions, judgeTestRewrite, type TestsChange } from "./test-rewrite.js";
