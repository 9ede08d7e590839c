import { ProviderError } from "../../errors/index.js";
import { type FailureContext, httpFailureToProviderError } from "./describe-http-failure.js";
import { describeNetworkFailure } from "./network-failure.js";

// biome-ignore lint/suspicious/noExplicitAny: the SDKs' error classes take different constructor arguments.
type ErrorClass = abstract new (...args: any[]) => Error;

/** The error classes of a Stainless-generated SDK (openai, @anthropic-ai/sdk share the shape). */
export interface SdkErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
}

/**
 * Maps an error of the OpenAI or Anthropic SDK to a {@link ProviderError}: HTTP errors keep
 * status and request id, connection timeouts and resets are retryable, anything else (a broken
 * stream, an unexpected answer) is not.
 */
export function sdkErrorToProviderError(
  error: unknown,
  classes: SdkErrorClasses,
  context: FailureContext,
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof classes.APIConnectionTimeoutError) {
    return new ProviderError(
      `${context.displayName} did not answer in time: raise llm.timeoutMs (CODEFORGE_LLM_TIMEOUT_MS) if the model is slow`,
      { provider: context.provider, retryable: true, cause: error },
    );
  }
  if (error instanceof classes.APIConnectionError) {
    const network = describeNetworkFailure(error.cause ?? error);
    return new ProviderError(
      context.redact(
        `Could not reach ${context.displayName} at ${context.baseUrl}: ${network.description}${network.retryable ? "" : " - check the base URL and your network"}`,
      ),
      { provider: context.provider, retryable: network.retryable, cause: error },
    );
  }
  if (error instanceof classes.APIError) {
    const apiError = error as Error & {
      status?: number;
      headers?: Headers;
      error?: unknown;
      requestID?: string | null;
    };
    if (typeof apiError.status === "number") {
      return httpFailureToProviderError(
        {
          status: apiError.status,
          headers: apiError.headers,
          body: apiError.error,
          requestId: apiError.requestID ?? undefined,
          cause: error,
        },
        context,
      );
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(context.redact(`${context.displayName} call failed: ${message}`), {
    provider: context.provider,
    retryable: isTransientStreamError(error, classes),
    cause: error,
  });
}

/** Error types a provider reports inside a stream (Anthropic's SSE `error` event) that a retry may fix. */
const TRANSIENT_STREAM_ERRORS = new Set([
  "overloaded_error",
  "api_error",
  "rate_limit_error",
  "timeout_error",
]);

/** An error event in the middle of a stream, such as Anthropic's `overloaded_error`, has no HTTP status. */
function isTransientStreamError(error: unknown, classes: SdkErrorClasses): boolean {
  if (!(error instanceof classes.APIError)) return false;
  const body = (error as { error?: { error?: { type?: unknown } } }).error;
  const type = body?.error?.type;
  return typeof type === "string" && TRANSIENT_STREAM_ERRORS.has(type);
}
