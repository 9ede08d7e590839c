export {
  type ComplexityAssessment,
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
export {
  formatModelChoice,
  type ModelChoice,
  parseModelChoice,
} from "./model-choice.js";
export {
  NO_PROVIDER_FIX,
  NO_PROVIDER_HEADLINE,
  noProviderMessage,
  providerSetupAdvice,
} from "./no-provider-advice.js";
export { NoProviderError } from "./no-provider-error.js";
export { createOllamaProbe, type OllamaProbeOptions } from "./ollama-probe.js";
export {
  type CostEstimate,
  createRouter,
  EXPECTED_OUTPUT_TOKENS,
  FALLBACK_CHAINS,
  type RouteDecision,
  type RouteOptions,
  type Router,
  type RouterOptions,
} from "./router.js";
