import type { z } from "zod";
import { ConfigError, type ConfigIssue } from "../errors/config-error.js";
import type { ConfigLayer, ValueOrigin } from "./config-layer.js";
import { deepFreeze, deepMerge, walkValues, withoutUndefined } from "./config-layer.js";
import { type Config, type ConfigInput, ConfigSchema } from "./config-schema.js";
import { objectKeysOf, schemaAtPath } from "./config-schema-walk.js";
import { type ConfigFileSource, readConfigFile } from "./read-config-file.js";
import { readEnvironment } from "./read-environment.js";

/** Where {@link loadConfig} reads from. Later sources win. */
export interface LoadConfigOptions {
  /** The environment (`process.env` in a composition root; a literal in tests). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A YAML file in the shape of `.github/codeforge.yml`: a path, or a path with its text. */
  readonly file?: ConfigFileSource;
  /** Explicit values, e.g. from CLI flags; `undefined` values are ignored. */
  readonly overrides?: ConfigInput;
  /**
   * How each override is named in errors, by dotted path, e.g.
   * `{ "repair.maxRetries": "--max-retries" }`. Unnamed overrides show as `override <path>`.
   */
  readonly overrideSources?: Readonly<Record<string, string>>;
}

function overridesLayer(
  overrides: ConfigInput,
  names: Readonly<Record<string, string>>,
): ConfigLayer {
  const input = withoutUndefined(overrides as Record<string, unknown>);
  const origins = new Map<string, ValueOrigin>();
  walkValues(input, (path) => origins.set(path, { source: names[path] ?? `override ${path}` }));
  return { input, origins, issues: [] };
}

function originOf(path: string, layers: readonly ConfigLayer[]): ValueOrigin {
  const segments = path === "" ? [] : path.split(".");
  for (const layer of [...layers].reverse()) {
    for (let length = segments.length; length > 0; length -= 1) {
      const origin = layer.origins.get(segments.slice(0, length).join("."));
      if (origin) return origin;
    }
  }
  // A rule across fields (simpleThreshold < complexThreshold): blame whichever sibling was set.
  const parent = segments.slice(0, -1).join(".");
  for (const layer of [...layers].reverse()) {
    for (const [candidate, origin] of layer.origins) {
      if (parent === "" || candidate.startsWith(`${parent}.`)) return origin;
    }
  }
  return { source: "defaults" };
}

function knownKeysNote(parentPath: string): string {
  const schema = parentPath === "" ? ConfigSchema : schemaAtPath(parentPath);
  const keys = schema ? objectKeysOf(schema) : undefined;
  return keys ? ` (known here: ${keys.join(", ")})` : "";
}

function toConfigIssues(issue: z.core.$ZodIssue, layers: readonly ConfigLayer[]): ConfigIssue[] {
  const base = issue.path.map(String).join(".");
  const located =
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: base ? `${base}.${key}` : key,
          message: `is not a known setting${knownKeysNote(base)}`,
        }))
      : [{ path: base, message: issue.message }];
  return located.map(({ path, message }) => {
    const origin = originOf(path, layers);
    return {
      path,
      source: origin.source,
      message: origin.note ? `${message} ${origin.note}` : message,
    };
  });
}

/**
 * Builds the configuration from defaults → environment → YAML file → overrides (later
 * wins) and returns it deeply frozen. Every problem of every source is collected into one
 * {@link ConfigError}, each issue naming its source (`CODEFORGE_SANDBOX_TIMEOUT_SECONDS`,
 * `.github/codeforge.yml: sandbox.timeoutSeconds`, `--max-retries`) and the allowed values.
 *
 * @example
 * const config = loadConfig({ env: process.env, file: ".github/codeforge.yml" });
 */
export function loadConfig(options: LoadConfigOptions): Readonly<Config> {
  const layers: ConfigLayer[] = [readEnvironment(options.env)];
  if (options.file !== undefined) layers.push(readConfigFile(options.file));
  if (options.overrides !== undefined) {
    layers.push(overridesLayer(options.overrides, options.overrideSources ?? {}));
  }

  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: ConfigIssue) => {
    const key = `${issue.source}\u0000${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  for (const layer of layers) {
    for (const issue of layer.issues) add(issue);
    // Each source alone, so a bad value is reported even when a later source replaces it.
    const alone = ConfigSchema.safeParse(layer.input);
    if (alone.success) continue;
    for (const issue of alone.error.issues) {
      // Rules across fields only make sense on the merged result.
      if (issue.code === "custom") continue;
      for (const configIssue of toConfigIssues(issue, [layer])) add(configIssue);
    }
  }

  const merged = layers.reduce<Record<string, unknown>>(
    (result, layer) => deepMerge(result, layer.input),
    {},
  );
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const configIssue of toConfigIssues(issue, layers)) add(configIssue);
    }
  }
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return deepFreeze(result.data);
}
