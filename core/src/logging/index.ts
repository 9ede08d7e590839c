export {
  createLogger,
  type LogDestination,
  type LogFormat,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  SECRET_FIELD_NAMES,
} from "./create-logger.js";
export { KNOWN_KEY_PATTERNS, type KnownKeyPattern, looksSecret } from "./known-key-patterns.js";
export {
  createSecretRedactor,
  MIN_SECRET_LENGTH,
  REDACTED,
  type SecretRedactor,
} from "./redact-secrets.js";
export { redactValues } from "./redact-values.js";
export { type ContextualLogger, type TaskContext, withTaskContext } from "./with-task-context.js";
