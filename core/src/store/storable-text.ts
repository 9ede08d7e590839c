/**
 * What a text column cannot hold: NUL (Postgres text and jsonb reject it) and UTF-16 halves
 * without their partner (lone surrogates, which UTF-8 cannot encode: a driver would silently
 * turn them into U+FFFD, or jsonb reject their escape).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes text storable: every NUL and every lone surrogate is replaced by its escape written
 * out as six visible characters (`\u0000`, `\ud800`), so a program that printed a NUL is
 * stored with a visible mark where it was. Everything else, including valid surrogate pairs
 * (emoji), is kept as is. The repositories pass every text they write through it.
 *
 * @example
 * storableText("a\u0000b"); // "a\\u0000b", shown as a\u0000b
 */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null | undefined): string | null | undefined;
export function storableText(text: string | null | undefined): string | null | undefined {
  if (typeof text !== "string") return text;
  return text.replace(
    UNSTORABLE,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
