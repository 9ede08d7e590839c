export { CodeForgeError, type CodeForgeErrorOptions } from "./codeforge-error.js";
export { ConfigError, type ConfigIssue } from "./config-error.js";
export {
  ModelOutputError,
  type ModelOutputErrorOptions,
  type ModelOutputIssue,
} from "./model-output-error.js";
export { ProviderError, type ProviderErrorOptions } from "./provider-error.js";
export {
  SANDBOX_ERROR_CODES,
  SandboxError,
  type SandboxErrorCode,
  type SandboxErrorOptions,
} from "./sandbox-error.js";
export { UsageError } from "./usage-error.js";
