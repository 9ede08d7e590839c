export {
  type ExecutionResult,
  type ExecutionSpec,
  type Executor,
  executionSucceeded,
  LANGUAGES,
  type Language,
  type OutputStream,
} from "./executor.js";
export type {
  RepositorySetup,
  RepositoryTestRun,
  RepositoryTestRunner,
  RepositoryTestSpec,
} from "./repository-test-runner.js";
