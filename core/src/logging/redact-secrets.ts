import { KNOWN_KEY_PATTERNS, looksSecret } from "./known-key-patterns.js";

/** What replaces a secret in any text CodeForge writes. */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are too likely to match ordinary text to be replaced by value. */
export const MIN_SECRET_LENGTH = 4;

/** Replaces secrets in a text; see {@link createSecretRedactor}. */
export type SecretRedactor = (text: string) => string;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The forms a secret takes in text: as is, JSON-escaped (inside log lines), URL-encoded. */
function formsOf(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

function redactKnownKeys(text: string): string {
  let result = text;
  for (const { pattern } of KNOWN_KEY_PATTERNS) {
    result = result.replace(pattern, (match: string, prefix: unknown) => {
      const kept = typeof prefix === "string" ? prefix : "";
      return looksSecret(match.slice(kept.length)) ? `${kept}${REDACTED}` : match;
    });
  }
  return result;
}

/**
 * Builds the one function that keeps secrets out of every text CodeForge writes (logs,
 * provider error messages, printed results, stored rows, spans). It replaces with
 * `[REDACTED]`:
 * - every given secret value (configured API keys, the database URL and its password; see
 *   `secretsOf(config)`), also in its JSON-escaped and URL-encoded forms;
 * - anything shaped like a known credential, configured or not (see `KNOWN_KEY_PATTERNS`):
 *   `sk-…` and `sk-ant-…` keys, GitHub tokens `gh[pousr]_…` and `github_pat_…`, the value
 *   after `Bearer` and after `x-api-key:`.
 *
 * @example
 * const redact = createSecretRedactor(secretsOf(config));
 * stderr.write(redact(error.message));
 */
export function createSecretRedactor(secrets: readonly string[] = []): SecretRedactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of formsOf(secret)) forms.add(form);
  }
  // Longest first, so a secret containing another is replaced whole.
  const values =
    forms.size === 0
      ? undefined
      : new RegExp(
          [...forms]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join("|"),
          "g",
        );
  return (text) => redactKnownKeys(values ? text.replace(values, REDACTED) : text);
}
