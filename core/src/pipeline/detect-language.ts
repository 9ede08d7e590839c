import type { Language } from "../executor/index.js";

// A bare "node" is left out: trees and linked lists have nodes in every language.
const NODE_HINTS = /\b(javascript|node\.?js|nodejs|js|ecmascript)\b/i;
const PYTHON_HINTS = /\b(python|py)\b/i;

/**
 * The language a task asks for: JavaScript when it names JavaScript or Node (and not
 * Python), else Python, the default.
 */
export function detectLanguage(prompt: string): Language {
  return NODE_HINTS.test(prompt) && !PYTHON_HINTS.test(prompt) ? "node" : "python";
}
