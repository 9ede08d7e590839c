import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyRepositoryConfig } from "./apply-repository-config.js";
import {
  environmentReference,
  renderEnvExample,
  renderEnvironmentTable,
} from "./environment-reference.js";
import { loadConfig } from "./load-config.js";

const ENV_EXAMPLE = fileURLToPath(new URL("../../../.env.example", import.meta.url));
const CONFIGURATION_DOC = fileURLToPath(new URL("../../../docs/configuration.md", import.meta.url));
const TABLE_START = "<!-- environment-table:start -->";
const TABLE_END = "<!-- environment-table:end -->";
const REGENERATE =
  "CODEFORGE_WRITE_CONFIG_DOCS=1 npx vitest run core/src/config/environment-reference.test.ts";

/** Set CODEFORGE_WRITE_CONFIG_DOCS=1 to rewrite the files from the table instead of checking them. */
const writing = process.env.CODEFORGE_WRITE_CONFIG_DOCS === "1";

/** A Markdown table without alignment padding, so a formatter's column widths do not matter. */
function normalizeTable(table: string): string {
  return table
    .trim()
    .split("\n")
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/^-{3,}$/, "---"))
        .join("|"),
    )
    .join("\n");
}

function documentedTable(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/configuration.md lacks ${TABLE_START} … ${TABLE_END}`);
  return doc.slice(start + TABLE_START.length, end).trim();
}

describe("environment reference", () => {
  it("states allowed values and defaults from the schema", () => {
    const timeout = environmentReference().find(
      (row) => row.name === "CODEFORGE_SANDBOX_TIMEOUT_SECONDS",
    );
    expect(timeout).toMatchObject({ allowed: "between 5 and 120", defaultValue: "30" });
    const guard = environmentReference().find((row) => row.name === "CODEFORGE_SANDBOX_GUARD");
    expect(guard?.allowed).toBe("one of block, warn, off");
  });

  it("gives each URL setting an example of its own, not Ollama's address", () => {
    const allowed = (name: string) =>
      environmentReference().find((row) => row.name === name)?.allowed;

    expect(allowed("OPENAI_BASE_URL")).toBe("a URL such as https://api.openai.com/v1");
    expect(allowed("ANTHROPIC_BASE_URL")).toBe("a URL such as https://api.anthropic.com");
    expect(allowed("OTEL_EXPORTER_OTLP_ENDPOINT")).toBe("a URL such as http://127.0.0.1:4318");
    expect(allowed("OLLAMA_HOST")).toContain("http://127.0.0.1:11434");
  });

  it("lists every CODEFORGE_ variable the sources and scripts read, and Docker's", () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const read = new Set<string>();
    for (const folder of [
      "core/src",
      "cli/src",
      "cli/bin",
      "sandbox/src",
      "sandbox/scripts",
      "benchmarks/src",
      "benchmarks/scripts",
    ]) {
      const files = readdirSync(join(root, folder), { recursive: true, encoding: "utf8" }).filter(
        // Tests name made-up variables (typos for config check to catch); only code counts.
        (file) => /\.(ts|js|sh)$/.test(file) && !/\.test\.ts$/.test(file),
      );
      for (const file of files) {
        const text = readFileSync(join(root, folder, file), "utf8");
        for (const [name] of text.matchAll(/\bCODEFORGE_[A-Z][A-Z0-9_]*\b/g)) read.add(name);
      }
    }
    const documented = new Set(environmentReference().map((row) => row.name));

    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
    for (const name of ["DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"]) {
      expect(environmentReference().find((row) => row.name === name)).toMatchObject({
        path: "",
        readBy: "dockerode",
      });
    }
  });

  it(".env.example lists exactly the table's variables, each with a comment", () => {
    if (writing) writeFileSync(ENV_EXAMPLE, renderEnvExample());
    const text = readFileSync(ENV_EXAMPLE, "utf8");

    const lines = text.split("\n");
    const listed = lines.filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line));
    expect(
      listed.map((line) => line.split("=")[0]),
      `regenerate with: ${REGENERATE}`,
    ).toEqual(environmentReference().map((row) => row.name));
    for (const line of listed) expect(lines[lines.indexOf(line) - 1]).toMatch(/^# \S/);
    expect(text, `regenerate with: ${REGENERATE}`).toBe(renderEnvExample());
  });

  it("docs/configuration.md holds the current variable table", () => {
    const doc = readFileSync(CONFIGURATION_DOC, "utf8");
    if (writing) {
      const start = doc.indexOf(TABLE_START) + TABLE_START.length;
      const end = doc.indexOf(TABLE_END);
      writeFileSync(
        CONFIGURATION_DOC,
        `${doc.slice(0, start)}\n${renderEnvironmentTable()}\n${doc.slice(end)}`,
      );
    }

    expect(
      normalizeTable(documentedTable(readFileSync(CONFIGURATION_DOC, "utf8"))),
      `regenerate with: ${REGENERATE}`,
    ).toBe(normalizeTable(renderEnvironmentTable()));
  });

  it("the example file in docs/configuration.md is a valid configuration", () => {
    const doc = readFileSync(CONFIGURATION_DOC, "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    if (!example) throw new Error("docs/configuration.md has no yaml example");

    const config = loadConfig({ env: {}, file: { path: "docs/configuration.md", text: example } });

    expect(config.routing.models.hard).toBe("anthropic/claude-sonnet-4-5");
    expect(config.pricing.models["my-finetune"]?.outputPerMillion).toBe(1.5);
  });

  it("the repository file example in docs/configuration.md passes the trust rule", () => {
    const doc = readFileSync(CONFIGURATION_DOC, "utf8");
    const example = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)][1]?.[1];
    if (!example) throw new Error("docs/configuration.md has no repository file example");

    const config = applyRepositoryConfig(loadConfig({ env: { OPENAI_API_KEY: "sk-operator" } }), {
      path: ".github/codeforge.yml",
      text: example,
    });

    expect(config.routing.models.hard).toBe("openai/gpt-4.1");
    expect(config.sandbox.timeoutSeconds).toBe(20);
  });
});
