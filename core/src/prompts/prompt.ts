import type { Language } from "../executor/index.js";

/** A built prompt: the system text and the first user message. */
export interface Prompt {
  system: string;
  user: string;
}

/** How each language is named to the model, and its code fence tag. */
export const LANGUAGE_LABELS: Readonly<Record<Language, { name: string; fence: string }>> = {
  python: { name: "Python 3.11+", fence: "python" },
  node: { name: "JavaScript (Node.js 20, CommonJS)", fence: "js" },
};

/** Wraps code in a fenced block for a prompt. */
export function fence(language: Language, code: string): string {
  return `\`\`\`${LANGUAGE_LABELS[language].fence}\n${code.trimEnd()}\n\`\`\``;
}
