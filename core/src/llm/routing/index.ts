export {
  COMPLEXITY_LEVELS,
  type ComplexityAssessment,
  type ComplexityLevel,
  classifyComplexity,
  levelOf,
  type RoutingConfig,
} from "./complexity.js";
export {
  type ComplexityAnswer,
  ComplexityAnswerSchema,
  classifyComplexityWithModel,
  type LlmClassifierOptions,
} from "./llm-classifier.js";
