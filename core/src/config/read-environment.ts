import type { ConfigIssue } from "../errors/config-error.js";
import type { ConfigLayer, ValueOrigin } from "./config-layer.js";
import { setAtPath } from "./config-layer.js";
import { schemaAtPath, unwrapSchema } from "./config-schema-walk.js";
import { ENVIRONMENT_VARIABLES, type EnvironmentVariable } from "./environment-variables.js";

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** What a problem with a variable's value shows of the value: nothing for secrets. */
function gotNote(variable: EnvironmentVariable, raw: string): string | undefined {
  return variable.secret ? undefined : `(got ${JSON.stringify(raw)})`;
}

/** The schema's own message for a bad value, e.g. "must be between 5 and 120". */
function schemaMessage(path: string, value: unknown): string {
  const schema = schemaAtPath(path);
  const result = schema?.safeParse(value);
  return result && !result.success
    ? (result.error.issues[0]?.message ?? "is invalid")
    : "is invalid";
}

function numberMessage(path: string): string {
  const message = schemaMessage(path, Number.NaN);
  return /number|amount/.test(message)
    ? message
    : message.replace(/^must be /, "must be a number ");
}

/** Ollama's own convention allows `host:port` without a scheme. */
function withScheme(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

/** The variable's own value, else its first alias that is set, with the name it came from. */
function setValueOf(
  env: Readonly<Record<string, string | undefined>>,
  variable: EnvironmentVariable,
): { name: string; raw: string } | undefined {
  for (const name of [variable.name, ...(variable.aliases ?? [])]) {
    const raw = env[name]?.trim();
    if (raw !== undefined && raw !== "") return { name, raw };
  }
  return undefined;
}

/**
 * Reads every variable of {@link ENVIRONMENT_VARIABLES} from `env` into a configuration
 * layer, turning text into numbers and booleans as the schema asks. Empty variables count
 * as unset. A value that cannot be converted becomes an issue naming the variable. An alias
 * (`LOG_LEVEL`) is read only when the variable itself is unset; a problem with its value
 * says so, because it may have been set for another tool. Enum values are matched in any case.
 */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const input: Record<string, unknown> = {};
  const origins = new Map<string, ValueOrigin>();
  const issues: ConfigIssue[] = [];
  for (const variable of ENVIRONMENT_VARIABLES) {
    const found = setValueOf(env, variable);
    if (found === undefined) continue;
    const { name, raw } = found;
    const schema = schemaAtPath(variable.path);
    if (!schema) throw new Error(`${variable.name} names no setting: ${variable.path}`);
    const inner = unwrapSchema(schema);
    const type = inner._zod.def.type;
    const got = gotNote(variable, raw);
    const aliasHint =
      name === variable.name
        ? undefined
        : `(${name} is read as ${variable.name}; if it was set for another tool, set ${variable.name}, which wins)`;
    const note = [got, aliasHint].filter(Boolean).join(" ") || undefined;
    const problem = (message: string) =>
      issues.push({
        path: variable.path,
        source: name,
        message: note ? `${message} ${note}` : message,
      });
    let value: unknown = raw;
    if (type === "number") {
      if (!NUMBER_PATTERN.test(raw)) {
        problem(numberMessage(variable.path));
        continue;
      }
      value = Number(raw);
    } else if (type === "boolean") {
      const word = raw.toLowerCase();
      if (TRUE_WORDS.has(word)) value = true;
      else if (FALSE_WORDS.has(word)) value = false;
      else {
        problem("must be true or false");
        continue;
      }
    } else if (type === "enum") {
      const options = (inner as unknown as { options: readonly string[] }).options;
      value = options.find((option) => option.toLowerCase() === raw.toLowerCase()) ?? raw;
    } else if (variable.path === "providers.ollama.host") {
      value = withScheme(raw);
    }
    setAtPath(input, variable.path, value);
    origins.set(variable.path, { source: name, ...(note ? { note } : {}) });
  }
  return { input, origins, issues };
}
