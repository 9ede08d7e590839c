import { ProviderError } from "../../errors/index.js";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff-delay.js";
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from "./retry-after.js";
import { sleep as realSleep, type Sleep } from "./sleep.js";

/** Where the retry loop reports a retry. A pino logger fits. */
export interface RetryLogger {
  warn(details: object, message: string): void;
}

/** What one attempt gets. */
export interface AttemptContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborts when the caller aborts or this attempt's timeout passes. Pass it to the SDK. */
  signal: AbortSignal;
  /**
   * Call once output has reached the caller (a streamed text delta). A failure after that is
   * not retried, because a second attempt would show the caller the text twice.
   */
  commit(): void;
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Provider name for errors and logs. */
  provider: string;
  /** Retries after the first attempt (config `llm.maxRetries`). 0 means one attempt. */
  maxRetries: number;
  /** Time limit of each attempt (config `llm.timeoutMs`). */
  timeoutMs: number;
  /** The caller's signal: aborting it ends the call at once, also during a backoff wait. */
  signal?: AbortSignal;
  /** Waits between attempts; tests pass a fake that records the waits. */
  sleep?: Sleep;
  /** The clock `retry-after` dates are read against. */
  now?: () => number;
  /** Source of jitter. */
  random?: () => number;
  backoff?: Partial<Omit<BackoffOptions, "random">>;
  logger?: RetryLogger;
  /** Turns what an attempt threw (an SDK error, a fetch failure) into a {@link ProviderError}. */
  toProviderError: (error: unknown) => ProviderError;
}

/**
 * Runs `operation` and retries it when it fails with a retryable {@link ProviderError}
 * (408/409/429/5xx, timeouts, connection resets), waiting what the server asked for in
 * `retry-after-ms` / `retry-after` or else an exponential backoff with jitter. This is the only
 * layer of CodeForge that retries calls to a provider; the SDKs' own retries are off.
 *
 * Each attempt has its own timeout. When the caller's signal aborts, the call rejects at once
 * with the signal's reason, whether an attempt or a backoff wait is in progress.
 *
 * @example
 * const completion = await withRetry(
 *   ({ signal }) => client.chat.completions.create(body, { signal }),
 *   { provider: "openai", maxRetries: 3, timeoutMs: 120_000, toProviderError },
 * );
 */
export async function withRetry<T>(
  operation: (context: AttemptContext) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const backoff: BackoffOptions = {
    ...DEFAULT_BACKOFF,
    ...options.backoff,
    random: options.random ?? Math.random,
  };
  const attempts = options.maxRetries + 1;

  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    const outcome = await runAttempt(operation, attempt, options);
    if (outcome.kind === "success") return outcome.value;

    const error = outcome.error;
    if (!error.retryable || outcome.committed) throw error;
    if (attempt >= attempts) {
      throw attempts > 1 ? withSuffix(error, ` (gave up after ${attempts} attempts)`) : error;
    }
    const retryAfter = parseRetryAfter(headersOf(error), now());
    if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) {
      throw withSuffix(
        error,
        ` (the provider asked to wait ${Math.ceil(retryAfter / 1000)} s, longer than the ${MAX_RETRY_AFTER_MS / 1000} s CodeForge waits: try again later)`,
      );
    }
    const delayMs = retryAfter ?? backoffDelay(attempt, backoff);
    options.logger?.warn(
      {
        provider: options.provider,
        status: error.status,
        requestId: error.requestId,
        attempt,
        delayMs,
        retryAfter: retryAfter !== undefined,
      },
      `${error.message}: retrying in ${delayMs} ms (attempt ${attempt + 1} of ${attempts})`,
    );
    await sleep(delayMs, options.signal);
  }
}

type AttemptOutcome<T> =
  | { kind: "success"; value: T }
  | { kind: "failure"; error: ProviderError; committed: boolean };

async function runAttempt<T>(
  operation: (context: AttemptContext) => Promise<T>,
  attempt: number,
  options: RetryOptions,
): Promise<AttemptOutcome<T>> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error("attempt timed out")), options.timeoutMs);
  timer.unref?.();
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout.signal])
    : timeout.signal;
  let committed = false;
  try {
    const value = await operation({
      attempt,
      signal,
      commit: () => {
        committed = true;
      },
    });
    return { kind: "success", value };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.signal.aborted) {
      return {
        kind: "failure",
        committed,
        error: new ProviderError(
          `${options.provider} did not answer within ${options.timeoutMs} ms: raise llm.timeoutMs (CODEFORGE_LLM_TIMEOUT_MS) if the model is slow`,
          { provider: options.provider, retryable: true, cause: error },
        ),
      };
    }
    const providerError = error instanceof ProviderError ? error : options.toProviderError(error);
    return { kind: "failure", error: providerError, committed };
  } finally {
    clearTimeout(timer);
  }
}

/** Response headers of the failure, when the SDK error in `cause` carries them. */
function headersOf(error: ProviderError): Headers | undefined {
  const cause = error.cause as { headers?: unknown } | undefined;
  return cause?.headers instanceof Headers ? cause.headers : undefined;
}

function withSuffix(error: ProviderError, suffix: string): ProviderError {
  return new ProviderError(`${error.message}${suffix}`, {
    provider: error.provider,
    status: error.status,
    requestId: error.requestId,
    retryable: error.retryable,
    cause: error.cause,
  });
}
