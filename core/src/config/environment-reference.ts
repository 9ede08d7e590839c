import { ConfigSchema } from "./config-schema.js";
import { schemaAtPath } from "./config-schema-walk.js";
import {
  CONFIG_FILE_VARIABLE,
  ENVIRONMENT_VARIABLES,
  EXTRA_ENVIRONMENT_VARIABLES,
  type ExtraEnvironmentVariable,
} from "./environment-variables.js";

/** One row of the variable reference: a variable with what it accepts and its default. */
export interface EnvironmentReferenceRow {
  readonly name: string;
  /** The setting's dotted path, or empty for a variable that is not a setting. */
  readonly path: string;
  /** Who reads a variable that is not a setting (`readBy`); empty for a setting. */
  readonly readBy: string;
  readonly description: string;
  /** What the schema accepts, e.g. "between 5 and 120". */
  readonly allowed: string;
  /** The default as text; empty when the setting has none. */
  readonly defaultValue: string;
  readonly secret: boolean;
}

function allowedValues(path: string): string {
  const schema = schemaAtPath(path);
  // A value of no accepted type makes the schema state what it accepts.
  const result = schema?.safeParse(Symbol("probe"));
  const message = result && !result.success ? (result.error.issues[0]?.message ?? "") : "";
  return message.replace(/^must (be )?/, "");
}

function defaultAt(path: string): string {
  const value = path
    .split(".")
    .reduce<unknown>(
      (current, key) => (current as Record<string, unknown> | undefined)?.[key],
      ConfigSchema.parse({}),
    );
  return value === undefined ? "" : String(value);
}

function extraRow(variable: ExtraEnvironmentVariable): EnvironmentReferenceRow {
  return {
    name: variable.name,
    path: "",
    readBy: variable.readBy,
    description: variable.description,
    allowed: variable.allowed,
    defaultValue: variable.defaultValue,
    secret: false,
  };
}

/**
 * Every variable CodeForge reads: the configuration file's, the settings (allowed values and
 * defaults taken from the schema), then those read by libraries, tests and scripts.
 */
export function environmentReference(): EnvironmentReferenceRow[] {
  const isConfigFile = (variable: ExtraEnvironmentVariable) =>
    variable.name === CONFIG_FILE_VARIABLE;
  return [
    ...EXTRA_ENVIRONMENT_VARIABLES.filter(isConfigFile).map(extraRow),
    ...ENVIRONMENT_VARIABLES.flatMap((variable) => {
      const row = {
        name: variable.name,
        path: variable.path,
        readBy: "",
        description: variable.description,
        allowed: variable.allowed ?? allowedValues(variable.path),
        defaultValue: defaultAt(variable.path),
        secret: variable.secret,
      };
      const aliases = (variable.aliases ?? []).map((alias) => ({
        ...row,
        name: alias,
        description: `Read as ${variable.name} when that is unset (${variable.name} wins)`,
      }));
      return [row, ...aliases];
    }),
    ...EXTRA_ENVIRONMENT_VARIABLES.filter((variable) => !isConfigFile(variable)).map(extraRow),
  ];
}

/** The text of the repository's `.env.example`: every variable, each with a one-line comment. */
export function renderEnvExample(): string {
  const lines = [
    "# Every environment variable CodeForge reads. All are optional; an empty value counts as unset.",
    "# Settings' precedence, later wins: defaults -> environment -> YAML file -> command-line flags.",
    "# The variables after the settings are read by the CLI, libraries, tests or scripts, not loadConfig.",
    "# Generated from core/src/config/environment-variables.ts (see docs/configuration.md).",
  ];
  let section: string | undefined;
  for (const row of environmentReference()) {
    const rowSection = row.path
      ? (row.path.split(".")[0] ?? "")
      : row.name === CONFIG_FILE_VARIABLE
        ? "files"
        : `read by ${row.readBy}, not a setting`;
    if (rowSection !== section) {
      lines.push("", `# --- ${rowSection} ---`);
      section = rowSection;
    }
    const details = [row.allowed, row.defaultValue === "" ? "" : `default ${row.defaultValue}`]
      .filter(Boolean)
      .join("; ");
    lines.push(`# ${row.description}${details ? ` (${details})` : ""}`, `${row.name}=`);
  }
  return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The Markdown table of variables in `docs/configuration.md`. */
export function renderEnvironmentTable(): string {
  const rows = environmentReference().map(
    (row) =>
      `| \`${row.name}\` | ${row.path ? `\`${row.path}\`` : `— (read by ${row.readBy})`} | ${cell(row.allowed)} | ${
        row.defaultValue === "" ? "—" : `\`${cell(row.defaultValue)}\``
      } | ${cell(row.description)}${row.secret ? " (secret: never printed)" : ""} |`,
  );
  return [
    "| Variable | Setting | Allowed | Default | Meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
