/**
 * One shape of credential that is redacted wherever it appears, configured or not.
 * `pattern` is global; group 1, when present, is text kept in front of the secret
 * (`Bearer `, `x-api-key: `). A match is redacted only when it `looksSecret`, so words
 * such as `sk-learn-compatible` or `Bearer authentication` stay.
 */
export interface KnownKeyPattern {
  readonly name: string;
  readonly pattern: RegExp;
}

/** Characters a key or token is made of (base64url and friends). */
const KEY_CHARS = "[A-Za-z0-9_-]";
/** Not preceded by a key character, so `task-…` or `risk-…` never start a match. */
const START = "(?<![A-Za-z0-9_-])";

/**
 * Credential shapes CodeForge redacts even when they are not configured: a provider or a
 * proxy may echo any key it was sent, and generated code or a repository may hold one.
 */
export const KNOWN_KEY_PATTERNS: readonly KnownKeyPattern[] = Object.freeze([
  // OpenAI (`sk-…`, `sk-proj-…`, `sk-svcacct-…`) and Anthropic (`sk-ant-api03-…`) keys.
  { name: "sk- key", pattern: new RegExp(`${START}sk-${KEY_CHARS}{16,}`, "g") },
  // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens.
  { name: "GitHub token", pattern: new RegExp(`${START}gh[pousr]_[A-Za-z0-9]{30,}`, "g") },
  { name: "GitHub fine-grained token", pattern: new RegExp(`${START}github_pat_\\w{30,}`, "g") },
  // The value of an Authorization header (or any text) after "Bearer".
  { name: "bearer value", pattern: /(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi },
  // Anthropic's header, as a header line or a JSON field.
  {
    name: "x-api-key value",
    pattern: /(\bx-api-key["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=-]{8,}/gi,
  },
]);

/**
 * Whether a matched candidate is random enough to be a credential: it holds a digit, or it
 * is long (a 20-character random key without a digit is rare; a kebab-case word is not).
 */
export function looksSecret(candidate: string): boolean {
  return /\d/.test(candidate) || candidate.length >= 40;
}
