/** Options of {@link createOllamaProbe}. */
export interface OllamaProbeOptions {
  /** The Ollama server, e.g. `http://127.0.0.1:11434` (`providers.ollama.host`). */
  host: string;
  /** Defaults to the global fetch; tests pass their own or intercept it with nock. */
  fetch?: typeof globalThis.fetch;
  /** How long the server has to answer. Defaults to 1 500 ms. */
  timeoutMs?: number;
  /** How long an answer is reused. Defaults to 30 s. */
  ttlMs?: number;
  /** The clock the cache reads. */
  now?: () => number;
}

/**
 * Makes a check of whether Ollama is running: `GET {host}/api/tags` must answer 2xx with
 * Ollama's list of models within the timeout. The answer is cached for `ttlMs`, and concurrent checks share one request, so
 * routing many tasks costs one probe.
 */
export function createOllamaProbe(options: OllamaProbeOptions): () => Promise<boolean> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 1_500;
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const url = `${options.host.replace(/\/+$/, "")}/api/tags`;
  let cached: { at: number; answer: Promise<boolean> } | undefined;

  const probe = async (): Promise<boolean> => {
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        return false;
      }
      // Ollama lists its models; anything else on that port is not Ollama.
      const body = (await response.json()) as { models?: unknown };
      return Array.isArray(body.models);
    } catch {
      return false;
    }
  };

  return () => {
    if (!cached || now() - cached.at >= ttlMs) cached = { at: now(), answer: probe() };
    return cached.answer;
  };
}
