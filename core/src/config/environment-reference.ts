import { ConfigSchema } from "./config-schema.js";
import { schemaAtPath } from "./config-schema-walk.js";
import { CONFIG_FILE_VARIABLE, ENVIRONMENT_VARIABLES } from "./environment-variables.js";

/** One row of the variable reference: a variable with what it accepts and its default. */
export interface EnvironmentReferenceRow {
  readonly name: string;
  /** The setting's dotted path, or empty for {@link CONFIG_FILE_VARIABLE}. */
  readonly path: string;
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

/** Every variable CodeForge reads, with allowed values and defaults taken from the schema. */
export function environmentReference(): EnvironmentReferenceRow[] {
  return [
    {
      name: CONFIG_FILE_VARIABLE,
      path: "",
      description:
        "YAML configuration file for the CLI (else codeforge.yml or .github/codeforge.yml)",
      allowed: "a file path",
      defaultValue: "",
      secret: false,
    },
    ...ENVIRONMENT_VARIABLES.map((variable) => ({
      name: variable.name,
      path: variable.path,
      description: variable.description,
      allowed: allowedValues(variable.path),
      defaultValue: defaultAt(variable.path),
      secret: variable.secret,
    })),
  ];
}

/** The text of the repository's `.env.example`: every variable, each with a one-line comment. */
export function renderEnvExample(): string {
  const lines = [
    "# Every environment variable CodeForge reads. All are optional; an empty value counts as unset.",
    "# Precedence, later wins: defaults -> environment -> YAML file -> command-line flags.",
    "# Generated from core/src/config/environment-variables.ts (see docs/configuration.md).",
  ];
  let section: string | undefined;
  for (const row of environmentReference()) {
    const rowSection = row.path.split(".")[0] ?? "";
    if (rowSection !== section) {
      lines.push("", `# --- ${rowSection || "files"} ---`);
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
      `| \`${row.name}\` | ${row.path ? `\`${row.path}\`` : "—"} | ${cell(row.allowed)} | ${
        row.defaultValue === "" ? "—" : `\`${cell(row.defaultValue)}\``
      } | ${cell(row.description)}${row.secret ? " (secret: never printed)" : ""} |`,
  );
  return [
    "| Variable | Setting | Allowed | Default | Meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
