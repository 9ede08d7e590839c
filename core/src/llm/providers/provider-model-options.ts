import type { Config } from "../../config/index.js";
import type { Sleep } from "../retry/index.js";

/** Where providers log retries and calls. A pino logger fits. */
export interface ProviderLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** What every provider model is built with. */
export interface ProviderModelOptions {
  /** The model name at the provider, e.g. `gpt-4o-mini`, `claude-sonnet-4-5`, `llama3:8b`. */
  model: string;
  /** Timeout, retries and defaults of every call (config `llm`). */
  llm: Config["llm"];
  logger?: ProviderLogger;
  /** The fetch the SDK uses; tests and proxies may pass their own. */
  fetch?: typeof fetch;
  /** Waits between retries; tests pass a fake clock's sleep. */
  sleep?: Sleep;
  /** The clock for latency and `retry-after` dates. */
  now?: () => number;
  /** Jitter source of the backoff. */
  random?: () => number;
  /**
   * Values to keep out of error messages besides the model's own key, e.g. the other
   * providers' keys (`createLanguageModel` passes every configured key).
   */
  secrets?: readonly string[];
}
