export {
  type CodeForgeMetrics,
  createCodeForgeMetrics,
  type LlmUsageSample,
  METRIC_NAMES,
} from "./codeforge-metrics.js";
export { createSecretRedactingSpanProcessor } from "./secret-redacting-span-processor.js";
export {
  INSTRUMENTATION_NAME,
  startTelemetry,
  type Telemetry,
  type TelemetryOptions,
} from "./start-telemetry.js";
export { withSpan } from "./with-span.js";
