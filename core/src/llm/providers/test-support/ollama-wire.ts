/**
 * Responses in Ollama's `/api/chat` wire format, as its API documentation shows them, for
 * nock interceptors.
 */

/** Ollama's default host. */
export const OLLAMA_ORIGIN = "http://127.0.0.1:11434";

const MODEL = "llama3:8b";
const CREATED_AT = "2026-01-01T00:00:00.000000Z";

/** A non-streaming chat answer (`"stream": false`), with the final statistics. */
export function ollamaChat(
  content: string,
  options: {
    promptEvalCount?: number | null;
    evalCount?: number;
    doneReason?: "stop" | "length";
  } = {},
) {
  return {
    model: MODEL,
    created_at: CREATED_AT,
    message: { role: "assistant", content },
    done_reason: options.doneReason ?? "stop",
    done: true,
    total_duration: 4_935_886_791,
    load_duration: 534_986_708,
    // Ollama leaves prompt_eval_count out when the whole prompt came from its cache.
    ...(options.promptEvalCount === null
      ? {}
      : { prompt_eval_count: options.promptEvalCount ?? 26 }),
    prompt_eval_duration: 107_345_000,
    eval_count: options.evalCount ?? 11,
    eval_duration: 4_289_432_000,
  };
}

/** A streamed chat answer: one JSON object per line, the last with `done: true` and the counts. */
export function ollamaStream(deltas: readonly string[]): string {
  const lines = deltas.map((content) => ({
    model: MODEL,
    created_at: CREATED_AT,
    message: { role: "assistant", content },
    done: false,
  }));
  const final = { ...ollamaChat("", { promptEvalCount: 14, evalCount: deltas.length }) };
  return `${[...lines, final].map((line) => JSON.stringify(line)).join("\n")}\n`;
}

/** Ollama's error body. */
export function ollamaError(message: string) {
  return { error: message };
}

/** Headers Ollama sends with JSON answers. */
export const OLLAMA_JSON = { "content-type": "application/json; charset=utf-8" };
