import type { Config } from "./config-schema.js";
import { ENVIRONMENT_VARIABLES } from "./environment-variables.js";

/** Dotted paths of the settings whose values are secret (API keys, the database URL). */
export const SECRET_SETTING_PATHS: readonly string[] = Object.freeze(
  ENVIRONMENT_VARIABLES.filter((variable) => variable.secret).map((variable) => variable.path),
);

function valueAt(config: unknown, path: string): unknown {
  let current = config;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The password inside a URL such as `postgres://user:secret@host/db`, if any. */
function passwordOf(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === "" ? undefined : password;
  } catch {
    return undefined;
  }
}

/**
 * The secret values set in a configuration: API keys, the database URL and the password
 * inside it. The logger replaces each wherever it appears, even inside an error message.
 */
export function secretsOf(config: Config): string[] {
  const secrets = new Set<string>();
  for (const path of SECRET_SETTING_PATHS) {
    const value = valueAt(config, path);
    if (typeof value !== "string" || value === "") continue;
    secrets.add(value);
    const password = passwordOf(value);
    if (password) secrets.add(password);
  }
  return [...secrets];
}

/**
 * A copy of the configuration that is safe to print: each secret setting shows as
 * `"set"` or `"not set"`, never its value.
 */
export function maskSecrets(config: Config): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of SECRET_SETTING_PATHS) {
    const segments = path.split(".");
    const key = segments.pop() as string;
    const parent = valueAt(copy, segments.join("."));
    if (typeof parent !== "object" || parent === null) continue;
    const holder = parent as Record<string, unknown>;
    holder[key] = typeof holder[key] === "string" && holder[key] !== "" ? "set" : "not set";
  }
  return copy;
}
