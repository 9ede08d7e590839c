/** What replaces a secret in log output. */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are too likely to match ordinary text to be replaced by value. */
export const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Builds a function that replaces every occurrence of the given secret values in a text
 * with `[REDACTED]`, also in their JSON-escaped form (as they appear inside log lines).
 * Returns the identity function when there is nothing to replace.
 *
 * @example
 * const redact = createSecretRedactor([config.providers.openai.apiKey ?? ""]);
 * stderr.write(redact(error.message));
 */
export function createSecretRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return (text) => text;
  // Longest first, so a secret containing another is replaced whole.
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|"),
    "g",
  );
  return (text) => text.replace(pattern, REDACTED);
}
