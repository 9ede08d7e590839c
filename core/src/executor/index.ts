export {
  type ExecutionResult,
  type ExecutionSpec,
  type Executor,
  executionSucceeded,
  LANGUAGES,
  type Language,
  type OutputStream,
} from "./executor.js";
