import type { ConfigIssue } from "../errors/config-error.js";

/** Where one value in a layer came from. */
export interface ValueOrigin {
  /** As shown to the user: `CODEFORGE_SANDBOX_TIMEOUT_SECONDS`, `codeforge.yml: sandbox.timeoutSeconds`, `--max-retries`. */
  readonly source: string;
  /** Appended to a problem's message, e.g. `(got "500")` or `(line 4)`. */
  readonly note?: string;
}

/** One configuration source after reading: a partial input, where each value came from, its own problems. */
export interface ConfigLayer {
  readonly input: Record<string, unknown>;
  /** Dotted path → origin, for every object and value the source set. */
  readonly origins: ReadonlyMap<string, ValueOrigin>;
  /** Problems found while reading the source (before schema validation). */
  readonly issues: readonly ConfigIssue[];
}

/** Whether a value is a plain object (a YAML mapping or an object literal). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Sets a value at a dotted path, creating objects on the way. */
export function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split(".");
  let current = target;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (isPlainObject(next)) {
      current = next;
    } else {
      const created: Record<string, unknown> = {};
      current[segment] = created;
      current = created;
    }
  }
  current[segments[segments.length - 1] as string] = value;
}

/**
 * Calls `visit` with the dotted path (and its segments, since keys such as `gpt-4.1` may
 * hold dots) of every object and value in `input`; undefined values are skipped.
 */
export function walkValues(
  input: Record<string, unknown>,
  visit: (path: string, value: unknown, segments: readonly string[]) => void,
  prefix: readonly string[] = [],
): void {
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const segments = [...prefix, key];
    visit(segments.join("."), value, segments);
    if (isPlainObject(value)) walkValues(value, visit, segments);
  }
}

/** A copy without `undefined` values, so unset flags do not hide earlier sources. */
export function withoutUndefined(input: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    copy[key] = isPlainObject(value) ? withoutUndefined(value) : value;
  }
  return copy;
}

/** Merges `over` into a copy of `base`: objects recursively, everything else replaced. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const existing = merged[key];
    merged[key] =
      isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return merged;
}

/** Freezes an object and everything it holds. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
