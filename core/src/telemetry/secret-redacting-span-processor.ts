import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createSecretRedactor } from "../logging/redact-secrets.js";

function redactValue(value: AttributeValue, redact: (text: string) => string): AttributeValue {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === "string" ? redact(item) : item)) as AttributeValue;
  }
  return value;
}

function redactAttributes(attributes: Attributes, redact: (text: string) => string): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) attributes[key] = redactValue(value, redact);
  }
}

/**
 * A span processor that replaces configured secret values in a span's name, attributes,
 * events (such as a recorded exception's message and stack) and status message while the
 * span is ending, before any exporter sees it. Put it before the exporting processor.
 */
export function createSecretRedactingSpanProcessor(secrets: readonly string[]): SpanProcessor {
  const redact = createSecretRedactor(secrets);
  return {
    onStart: () => {},
    onEnding: (span: Span) => {
      span.updateName(redact(span.name));
      redactAttributes(span.attributes, redact);
      for (const event of span.events) {
        if (event.attributes) redactAttributes(event.attributes as Attributes, redact);
      }
      if (span.status.message !== undefined) {
        span.setStatus({ ...span.status, message: redact(span.status.message) });
      }
    },
    onEnd: () => {},
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}
