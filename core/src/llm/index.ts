export * from "./cost/index.js";
export * from "./health/index.js";
export {
  type ChatMessage,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  PROVIDER_NAMES,
  type ProviderName,
  type Usage,
} from "./language-model.js";
export * from "./pricing/index.js";
export * from "./providers/index.js";
export * from "./replay/index.js";
export {
  type AttemptContext,
  isRetryableStatus,
  parseRetryAfter,
  type RetryLogger,
  type RetryOptions,
  type Sleep,
  withRetry,
} from "./retry/index.js";
export * from "./routing/index.js";
export * from "./structured/index.js";
