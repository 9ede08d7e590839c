import { pino } from "pino";
import { prettyFactory } from "pino-pretty";
import type { LOG_FORMATS, LOG_LEVELS } from "../config/config-schema.js";
import { createSecretRedactor, REDACTED } from "./redact-secrets.js";

/** A pino logger; `child` loggers carry extra fields such as the task id. */
export type Logger = pino.Logger;

/** One of the configured log levels (`silent` logs nothing). */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `json` lines, `pretty` readable text, or `auto`: pretty when the destination is a terminal. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Where log lines go: any stream with `write`; `isTTY` decides the `auto` format. */
export interface LogDestination {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** Defaults to standard output. */
  readonly destination?: LogDestination;
  /** Values never to write, wherever they appear (see `secretsOf(config)`). */
  readonly secrets?: readonly string[];
  /** Fields on every line, e.g. `{ component: "cli" }`. */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /**
   * Whether logged errors carry their stack. Defaults to true at the `debug` and `trace`
   * levels only (the CLI's `--verbose` sets `debug`); otherwise an error is its type, message
   * (with its causes') and fields.
   */
  readonly stacks?: boolean;
}

/** Levels at which logged errors carry their stack unless {@link LoggerOptions.stacks} says otherwise. */
const STACK_LEVELS: ReadonlySet<LogLevel> = new Set(["trace", "debug"]);

/**
 * Serializes an error logged under `err` (or `error`) with pino's standard serializer, which
 * keeps the causes' messages, dropping the stack unless stacks are wanted.
 */
function errorSerializer(stacks: boolean): (value: unknown) => unknown {
  return (value) => {
    if (!(value instanceof Error)) return value;
    const serialized: Record<string, unknown> = { ...pino.stdSerializers.err(value) };
    if (!stacks) delete serialized.stack;
    return serialized;
  };
}

/** Field names whose values are always secret, wherever they appear. */
export const SECRET_FIELD_NAMES = [
  "apiKey",
  "api_key",
  "apikey",
  "authorization",
  "Authorization",
  "proxy-authorization",
  "x-api-key",
  "cookie",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "privateKey",
  "private_key",
  "password",
  "secret",
  "clientSecret",
  "client_secret",
] as const;

/** Nesting levels below the log line at which secret fields are found (pino wildcards match one level each). */
const REDACT_DEPTH = 5;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const name of SECRET_FIELD_NAMES) {
    const plain = /^[A-Za-z_$][\w$]*$/.test(name);
    for (let depth = 0; depth < REDACT_DEPTH; depth += 1) {
      const parents = Array.from({ length: depth }, () => "*").join(".");
      if (plain) paths.push(parents ? `${parents}.${name}` : name);
      else paths.push(`${parents}["${name}"]`);
    }
  }
  return paths;
}

/**
 * Creates the pino logger every part of CodeForge writes to. JSON lines by default,
 * readable text when `format` is `pretty` (or `auto` on a terminal). Secret fields
 * (`apiKey`, `authorization`, `token`, `password`, …) are redacted by name, and every
 * value in `secrets` is replaced by `[REDACTED]` wherever it appears in the output,
 * including inside error messages and stacks. Logged errors carry their stack only at the
 * `debug` and `trace` levels (see {@link LoggerOptions.stacks}).
 *
 * @example
 * const logger = createLogger({ level: "info", format: "auto", destination: process.stderr,
 *   secrets: secretsOf(config) });
 */
export function createLogger(options: LoggerOptions): Logger {
  const target: LogDestination = options.destination ?? process.stdout;
  const redact = createSecretRedactor(options.secrets ?? []);
  const pretty =
    options.format === "pretty" || (options.format === "auto" && target.isTTY === true);
  const render = pretty
    ? prettyFactory({ colorize: target.isTTY === true, translateTime: "SYS:HH:MM:ss.l" })
    : (line: string) => line;
  // Redact after rendering so no formatting step can bring a secret back.
  const destination = { write: (line: string) => void target.write(redact(render(line))) };
  const serializeError = errorSerializer(options.stacks ?? STACK_LEVELS.has(options.level));
  return pino(
    {
      level: options.level,
      base: { ...options.bindings },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: redactPaths(), censor: REDACTED },
    },
    destination,
  );
}
