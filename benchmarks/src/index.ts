export type {
  BenchmarkProblem,
  CustomCategory,
  CustomProblem,
  Dataset,
  HumanEvalPlusProblem,
  HumanEvalProblem,
  MbppProblem,
} from "./datasets/benchmark-problem.js";
export { CUSTOM_CATEGORIES, CUSTOM_DIFFICULTIES } from "./datasets/benchmark-problem.js";
export { datasetCacheDir } from "./datasets/dataset-cache-dir.js";
export {
  DATASET_ERROR_CODES,
  DatasetError,
  type DatasetErrorCode,
} from "./datasets/dataset-error.js";
export { DATASET_NAMES, type DatasetName, isDatasetName } from "./datasets/dataset-name.js";
export {
  CustomTaskSchema,
  CustomTasksFileSchema,
  DEFAULT_CUSTOM_DIR,
  loadCustomTasks,
} from "./datasets/load-custom-tasks.js";
export { type LoadDatasetOptions, loadDataset } from "./datasets/load-dataset.js";
export { HumanEvalLineSchema, loadHumanEval, parseHumanEval } from "./datasets/load-human-eval.js";
export {
  HumanEvalPlusLineSchema,
  loadHumanEvalPlus,
  parseHumanEvalPlus,
} from "./datasets/load-human-eval-plus.js";
export {
  loadMbpp,
  loadSanitizedMbpp,
  MBPP_TEST_SPLIT,
  MbppLineSchema,
  mbppTestSplit,
  parseMbpp,
  parseSanitizedMbpp,
  SanitizedMbppEntrySchema,
} from "./datasets/load-mbpp.js";
export {
  PUBLISHED_DATASETS,
  type PublishedDatasetFile,
  type PublishedDatasetName,
} from "./datasets/published-datasets.js";
export {
  type DatasetFileContents,
  type DatasetLocation,
  readDatasetFile,
  sha256Hex,
} from "./datasets/read-dataset-file.js";
export { buildCheckProgram, sampleProgram } from "./eval/build-program.js";
export {
  buildCheckRun,
  CHECK_PROGRAM_FILE,
  type CheckRun,
  createPassMarker,
} from "./eval/check-run.js";
export {
  type ClosableExecutor,
  createEvalExecutor,
  type EvalExecutorOptions,
} from "./eval/create-eval-executor.js";
export {
  canonicalSamples,
  type EvalSample,
  type EvalSampleLine,
  EvalSampleLineSchema,
  matchSamples,
  normalizeTaskId,
} from "./eval/eval-sample.js";
export {
  DEFAULT_EVAL_TIMEOUT_SECONDS,
  type EvaluateSamplesOptions,
  evaluateSamples,
  type SampleEvaluation,
} from "./eval/evaluate-samples.js";
export {
  buildHumanEvalPlusExpectedProgram,
  buildHumanEvalPlusProgram,
} from "./eval/human-eval-plus-harness.js";
export {
  type PassAtKSummary,
  passAtK,
  summarizePassAtK,
  type TaskTally,
  tallyByTask,
} from "./eval/pass-at-k.js";
export {
  errorExcerpt,
  type JudgedRun,
  type JudgeRunOptions,
  judgeRun,
  SAMPLE_VERDICTS,
  type SampleVerdict,
} from "./eval/sample-verdict.js";
export { buildBenchmarkPrompt } from "./runner/benchmark-prompt.js";
export {
  type BenchmarkShard,
  formatShard,
  parseShard,
  shardProblems,
} from "./runner/benchmark-shard.js";
export type { BenchmarkSuiteEvent, BenchmarkTally } from "./runner/benchmark-suite-event.js";
export {
  BenchmarkResultsFileSchema,
  type MergedBenchmarkRun,
  mergeShardRuns,
  readShardRunFile,
  type ShardRunFile,
  storeMergedRun,
} from "./runner/merge-shard-runs.js";
export {
  type BenchmarkOutcome,
  type BenchmarkProgress,
  type BenchmarkRunnerDeps,
  type BenchmarkRunTarget,
  type BenchmarkStopReason,
  type RunBenchmarkOptions,
  runBenchmark,
} from "./runner/run-benchmark.js";
export {
  type BenchmarkRunMetadata,
  type BenchmarkSuiteDeps,
  type BenchmarkSuiteOptions,
  type BenchmarkSuiteOutcome,
  type BenchmarkSuiteRun,
  resultsFileName,
  runBenchmarkSuite,
  SUITE_DATASETS,
} from "./runner/run-benchmark-suite.js";
export { type ProblemSelection, selectProblems } from "./runner/select-problems.js";
