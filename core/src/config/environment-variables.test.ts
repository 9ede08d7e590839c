import { describe, expect, it } from "vitest";
import { ConfigSchema } from "./config-schema.js";
import { settingLeaves } from "./config-schema-walk.js";
import { ENVIRONMENT_VARIABLES, variableNameFor } from "./environment-variables.js";
import { loadConfig } from "./load-config.js";

const leaves = settingLeaves(ConfigSchema);

describe("ENVIRONMENT_VARIABLES", () => {
  it("maps every variable to a real leaf setting of the schema", () => {
    const leafPaths = new Set(leaves.map((leaf) => leaf.path));
    const unknown = ENVIRONMENT_VARIABLES.filter((variable) => !leafPaths.has(variable.path));
    expect(unknown).toEqual([]);
  });

  it("gives every setting a variable, except free-form tables", () => {
    const covered = new Set(ENVIRONMENT_VARIABLES.map((variable) => variable.path));
    const missing = leaves
      .filter((leaf) => leaf.kind !== "record" && !covered.has(leaf.path))
      .map((leaf) => leaf.path);
    expect(missing).toEqual([]);
  });

  it("has unique names and one variable per setting", () => {
    const names = ENVIRONMENT_VARIABLES.map((variable) => variable.name);
    const paths = ENVIRONMENT_VARIABLES.map((variable) => variable.path);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("derives CODEFORGE_<SECTION>_<KEY> names", () => {
    expect(variableNameFor("sandbox.timeoutSeconds")).toBe("CODEFORGE_SANDBOX_TIMEOUT_SECONDS");
    expect(variableNameFor("budgets.maxCostUsd")).toBe("CODEFORGE_BUDGETS_MAX_COST_USD");
    const names = ENVIRONMENT_VARIABLES.map((variable) => variable.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "CODEFORGE_REPAIR_MAX_RETRIES",
        "CODEFORGE_ROUTING_SIMPLE_MODEL",
        "CODEFORGE_LOG_LEVEL",
        "OPENAI_API_KEY",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "CODEFORGE_DATA_DIR",
      ]),
    );
  });

  it("sets the named setting from each variable, to a value other than its default", () => {
    const defaults = ConfigSchema.parse({});
    const at = (root: unknown, path: string) =>
      path
        .split(".")
        .reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], root);
    for (const variable of ENVIRONMENT_VARIABLES) {
      const leaf = leaves.find((candidate) => candidate.path === variable.path);
      if (!leaf) throw new Error(`no leaf for ${variable.path}`);
      const current = at(defaults, variable.path);
      const value = sampleValue(leaf.kind, leaf.schema, variable.path, current);
      expect(value, variable.name).not.toBe(current === undefined ? undefined : String(current));

      const config = loadConfig({ env: { [variable.name]: value } });

      expect(String(at(config, variable.path)), variable.name).toBe(value);
    }
  });
});

/** A text value the setting accepts that differs from its default. */
function sampleValue(kind: string, schema: unknown, path: string, current: unknown): string {
  if (kind === "boolean") return String(current !== true);
  if (kind === "enum") {
    const options = (schema as { options: string[] }).options;
    return options.find((option) => option !== current) as string;
  }
  // Must stay below store.interruptedAfterMinutes (30 min by default): the schema checks it.
  if (path === "budgets.maxWallTimeSeconds") return "600";
  if (kind === "number") {
    const { minValue, maxValue, isInt } = schema as {
      minValue: number | null;
      maxValue: number | null;
      isInt: boolean;
    };
    if (minValue === null || maxValue === null || !Number.isFinite(maxValue)) return "7";
    const middle = isInt ? Math.floor((minValue + maxValue) / 2) : (minValue + maxValue) / 2;
    return String(middle === current ? maxValue : middle);
  }
  if (path === "store.databaseUrl") return "postgres://codeforge@db.example:5432/codeforge";
  if (/baseUrl|Endpoint|host/.test(path)) return "http://service.example:4318";
  if (/models\.|Model$/.test(path) && path.startsWith("routing")) return "anthropic/sample-model";
  return "sample-value";
}
