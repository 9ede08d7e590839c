import { type Attributes, type Span, SpanStatusCode, type Tracer } from "@opentelemetry/api";

/**
 * Runs `fn` inside an active span named `name`: child spans started within nest under it,
 * a thrown error is recorded on the span (status ERROR) and rethrown, and the span always
 * ends. Works with the no-op tracer when telemetry is off.
 *
 * @example
 * const plan = await withSpan(tracer, "agent.planner", { "codeforge.task.id": task.id },
 *   () => planner.plan(task));
 */
export async function withSpan<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  fn: (span: Span) => T | Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      const exception = error instanceof Error ? error : new Error(String(error));
      span.recordException(exception);
      span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
      throw error;
    } finally {
      span.end();
    }
  });
}
