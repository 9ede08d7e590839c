import { ProviderError } from "../../errors/index.js";
import type { SecretRedactor } from "../../logging/redact-secrets.js";
import { isRetryableStatus } from "../retry/index.js";

/** Who failed, for messages that say what to do. */
export interface FailureContext {
  provider: string;
  /** How users know the provider: "OpenAI", "Anthropic", "Ollama". */
  displayName: string;
  model: string;
  baseUrl: string;
  /** The variable holding the key, named in the advice on 401. */
  keyVariable?: string;
  /**
   * Applied to every message made from what the provider (or a proxy before it) answered,
   * which may echo the key: see `providerSecretRedactor`.
   */
  redact: SecretRedactor;
}

/** An HTTP error answer of a provider, whichever SDK read it. */
export interface HttpFailure {
  status: number;
  headers: Headers | undefined;
  /** The vendor's error body (parsed JSON) or text. */
  body: unknown;
  requestId: string | undefined;
  cause: unknown;
}

/**
 * Turns a provider's HTTP error answer into a {@link ProviderError} whose message says what
 * happened and what to do. 408/409/429/5xx are retryable unless the provider's
 * `x-should-retry` header says otherwise. The message goes through `context.redact`, so a key
 * the provider echoes never reaches a log, a printed result or the store. The original error
 * stays in `cause` (the retry loop reads `retry-after` from its headers); it is not redacted,
 * so nothing may print or store it without the same redaction.
 */
export function httpFailureToProviderError(
  failure: HttpFailure,
  context: FailureContext,
): ProviderError {
  const shouldRetry = failure.headers?.get("x-should-retry");
  const retryable =
    shouldRetry === "true"
      ? true
      : shouldRetry === "false"
        ? false
        : isRetryableStatus(failure.status);
  const detail = errorDetail(failure.body);
  const request = failure.requestId ? ` (request id ${failure.requestId})` : "";
  const message = context.redact(
    `${context.displayName} answered HTTP ${failure.status}${detail ? `: ${detail}` : ""}${request}${advice(failure.status, context)}`,
  );
  return new ProviderError(message, {
    provider: context.provider,
    status: failure.status,
    requestId: failure.requestId,
    retryable,
    cause: failure.cause,
  });
}

function advice(status: number, context: FailureContext): string {
  if (status === 401) {
    return context.keyVariable
      ? ` - check ${context.keyVariable}`
      : ` - check the credentials of ${context.baseUrl}`;
  }
  if (status === 403) return ` - the key has no access to ${context.model}`;
  if (status === 404) {
    return ` - check the model name "${context.model}" and the endpoint ${context.baseUrl}`;
  }
  if (status === 429) return " - rate limited or out of quota";
  if (status >= 500) return ` - ${context.displayName} had a problem on its side`;
  return "";
}

/** The vendor's own error message: OpenAI `{error:{message}}`, Anthropic `{type:"error",error:{message}}`, Ollama `{error:"…"}`. */
function errorDetail(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim().slice(0, 500) || undefined;
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as { message?: unknown; error?: unknown };
  if (typeof record.error === "string") return record.error;
  if (typeof record.error === "object" && record.error !== null) {
    const nested = (record.error as { message?: unknown }).message;
    if (typeof nested === "string") return nested;
  }
  return typeof record.message === "string" ? record.message : undefined;
}
