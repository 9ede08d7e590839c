/**
 * A value for a `jsonb` column: JSON text, or null. Written as text so that `pg` never
 * turns a JavaScript array into a Postgres array literal.
 */
export function jsonValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}
