import { CodeForgeError, type CodeForgeErrorOptions } from "./codeforge-error.js";

/** Options of a {@link ProviderError}. */
export interface ProviderErrorOptions extends CodeForgeErrorOptions {
  /** Which provider failed: `openai`, `anthropic`, `ollama`, `replay`. */
  provider: string;
  /** HTTP status when the provider answered, undefined for connection faults and timeouts. */
  status?: number;
  /** The provider's request id, for a support ticket. */
  requestId?: string;
}

/**
 * A call to an LLM provider failed. Status codes 408/409/429/5xx, timeouts and
 * connection resets are retryable; the LLM layer's retry loop is the one place that
 * acts on it.
 */
export class ProviderError extends CodeForgeError {
  readonly provider: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, options: ProviderErrorOptions) {
    super(message, options);
    this.provider = options.provider;
    this.status = options.status;
    this.requestId = options.requestId;
  }
}
