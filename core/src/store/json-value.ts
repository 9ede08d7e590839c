import { storableText } from "./storable-text.js";

/**
 * A value for a `jsonb` column: JSON text, or null. Written as text so that `pg` never
 * turns a JavaScript array into a Postgres array literal. Every string in it, keys included,
 * goes through {@link storableText}: jsonb rejects NUL and lone surrogates like text does.
 */
export function jsonValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, storableJson) ?? null;
}

function storableJson(_key: string, value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  // A new object with storable keys; JSON.stringify then visits its values through this too.
  return Object.fromEntries(Object.entries(value).map(([key, each]) => [storableText(key), each]));
}
