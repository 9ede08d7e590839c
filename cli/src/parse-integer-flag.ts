import { UsageError } from "@codeforge/core";

/** The range a whole-number flag accepts; `max` defaults to no upper bound. */
export interface IntegerRange {
  min: number;
  max?: number;
}

/**
 * Parses a whole-number flag such as `--limit 20`, with the one wording every command uses
 * for a value it refuses.
 *
 * @example
 * parseIntegerFlag("--limit", "20", { min: 1 }) // 20
 * parseIntegerFlag("--per-page", "900", { min: 1, max: 500 })
 * // UsageError: --per-page must be a whole number between 1 and 500, not "900"
 */
export function parseIntegerFlag(flag: string, value: string, range: IntegerRange): number {
  const parsed = Number(value);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^\s*-?\d+\s*$/.test(value) || parsed < range.min || parsed > max) {
    const bounds =
      range.max === undefined
        ? `of at least ${range.min}`
        : `between ${range.min} and ${range.max}`;
    throw new UsageError(`${flag} must be a whole number ${bounds}, not "${value}"`);
  }
  return parsed;
}

/** {@link parseIntegerFlag} as a commander argument parser for `flag`. */
export function integerFlag(flag: string, range: IntegerRange): (value: string) => number {
  return (value) => parseIntegerFlag(flag, value, range);
}
