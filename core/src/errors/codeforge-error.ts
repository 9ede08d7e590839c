/** Options every CodeForge error accepts. */
export interface CodeForgeErrorOptions {
  /** The underlying error, kept for `--verbose` output and logs. */
  cause?: unknown;
  /** Whether repeating the same operation may succeed. Defaults to false. */
  retryable?: boolean;
}

/**
 * Base class of every error CodeForge throws on purpose. The message says what happened
 * and what to do about it; `retryable` tells the one retrying layer whether to try again.
 */
export class CodeForgeError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: CodeForgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
  }
}
