import type { Language } from "../executor/index.js";

const NODE_HINTS = /\b(javascript|node\.?js|node|js|ecmascript)\b/i;
const PYTHON_HINTS = /\b(python|py)\b/i;

/**
 * The language a task asks for: JavaScript when it names JavaScript or Node (and not
 * Python), else Python, the default.
 */
export function detectLanguage(prompt: string): Language {
  return NODE_HINTS.test(prompt) && !PYTHON_HINTS.test(prompt) ? "node" : "python";
}
