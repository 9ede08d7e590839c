export type { ActionContext, ActionIo } from "./action-io.js";
export {
  type ActionAssets,
  type ActionParts,
  createActionParts,
  type ModelChoice,
  type ModelSource,
} from "./action-parts.js";
export { ACTION_VERSION } from "./action-version.js";
export { benchmarkSummary } from "./benchmark/benchmark-summary.js";
export { type BenchmarkModeOptions, runBenchmarkMode } from "./benchmark/run-benchmark-mode.js";
export { ActionInputError, type ActionInputIssue } from "./inputs/action-input-error.js";
export {
  ACTION_BENCHMARKS,
  ACTION_INPUT_NAMES,
  ACTION_MODES,
  type ActionInputName,
  type ActionInputs,
  ActionInputsSchema,
  parseActionInputs,
  type ReadInput,
  SECRET_INPUTS,
} from "./inputs/action-inputs.js";
export { loadActionConfig, REPOSITORY_CONFIG_FILE } from "./load-action-config.js";
export type { ModeOutcome } from "./mode-outcome.js";
export {
  ACTION_OUTPUT_NAMES,
  type ActionOutputs,
  type SetOutput,
  writeOutputs,
} from "./outputs/action-outputs.js";
export { runAction } from "./run-action.js";
