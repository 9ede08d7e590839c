export {
  allowedModules,
  disallowedImports,
  importedModules,
  PYTHON_SANDBOX_PACKAGES,
  PYTHON_STDLIB_MODULES,
} from "./allowed-imports.js";
export { type CodeSegment, CodeSegmentSchema } from "./code-segment.js";
export {
  type CoderOptions,
  checkGeneratedCode,
  missingEntryPoint,
  runCoder,
} from "./coder-agent.js";
export { mergeSegments } from "./merge-segments.js";
export {
  AGENT_NAMES,
  type AgentName,
  callStructured,
  type ModelCall,
  type StructuredCallOptions,
  type StructuredCallResult,
} from "./model-call.js";
export {
  COMPLEXITIES,
  type Complexity,
  type Plan,
  PlanSchema,
  type Subtask,
  SubtaskSchema,
  singleStepPlan,
  topologicalOrder,
  validatePlan,
} from "./plan.js";
export { type PlannerOptions, runPlanner } from "./planner-agent.js";
export * from "./repository/index.js";
export {
  type Diagnosis,
  ERROR_TYPES,
  type ErrorType,
  type Review,
  ReviewSchema,
} from "./review.js";
export { type ReviewerOptions, runReviewer } from "./reviewer-agent.js";
export {
  createSandboxSyntaxChecker,
  type SyntaxChecker,
  type SyntaxCheckResult,
} from "./syntax-checker.js";
