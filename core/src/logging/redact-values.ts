import type { SecretRedactor } from "./redact-secrets.js";

/**
 * A copy of a JSON-like value (a result printed with `--json`, a row about to be stored, an
 * action's outputs) with every string in it, keys included, passed through `redact`.
 * Anything that is not a string, array or plain object (numbers, dates, buffers) is kept.
 *
 * @example
 * const redact = createSecretRedactor(secretsOf(config));
 * stdout.write(JSON.stringify(redactValues(result, redact)));
 */
export function redactValues<T>(value: T, redact: SecretRedactor): T {
  return redactValue(value, redact) as T;
}

function redactValue(value: unknown, redact: SecretRedactor): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (typeof value !== "object" || value === null) return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redact(key), redactValue(item, redact)]),
  );
}
