import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMPLEXITIES, SubtaskSchema } from "../agents/index.js";
import { ConfigSchema } from "../config/index.js";
import * as core from "../index.js";
import { ComplexityAnswerSchema } from "../llm/routing/index.js";
import { STOP_REASONS as PIPELINE_STOP_REASONS } from "../pipeline/index.js";
import { buildPlannerPrompt } from "../prompts/index.js";
import {
  TASK_COMPLEXITIES as STORE_COMPLEXITIES,
  TASK_STATUSES as STORE_STATUSES,
  TERMINAL_TASK_STATUSES as STORE_TERMINAL_STATUSES,
  TaskRecordSchema,
} from "../store/index.js";
import {
  DEFAULT_BASELINE_MODEL,
  DEFAULT_ROUTING_MODELS,
  STOP_REASONS,
  TASK_COMPLEXITIES,
  TASK_STATUSES,
  TERMINAL_TASK_STATUSES,
} from "./index.js";

describe("one vocabulary", () => {
  it("the older names are the same lists, not copies", () => {
    expect(COMPLEXITIES).toBe(TASK_COMPLEXITIES);
    expect(STORE_COMPLEXITIES).toBe(TASK_COMPLEXITIES);
    expect(STORE_STATUSES).toBe(TASK_STATUSES);
    expect(STORE_TERMINAL_STATUSES).toBe(TERMINAL_TASK_STATUSES);
    expect(PIPELINE_STOP_REASONS).toBe(STOP_REASONS);
    expect(core.TASK_COMPLEXITIES).toBe(TASK_COMPLEXITIES);
    expect(core.COMPLEXITIES).toBe(TASK_COMPLEXITIES);
    expect(core.TASK_STATUSES).toBe(TASK_STATUSES);
    expect(core.STOP_REASONS).toBe(STOP_REASONS);
    expect(core.DEFAULT_ROUTING_MODELS).toBe(DEFAULT_ROUTING_MODELS);
  });

  it("the schemas of model output and stored rows accept exactly the listed values", () => {
    expect(SubtaskSchema.shape.estimated_complexity.options).toEqual(TASK_COMPLEXITIES);
    expect(ComplexityAnswerSchema.shape.level.options).toEqual(TASK_COMPLEXITIES);
    expect(TaskRecordSchema.shape.status.options).toEqual(TASK_STATUSES);
    expect(TaskRecordSchema.shape.complexity.unwrap().options).toEqual(TASK_COMPLEXITIES);
  });

  it("the planner prompt names the tiers of the list", () => {
    const { system } = buildPlannerPrompt({ task: "Add two numbers", language: "python" });

    expect(system).toContain('"estimated_complexity": "simple"|"medium"|"hard"}');
  });

  it("the configured defaults are the default models: ollama for simple, OpenAI above", () => {
    const routing = ConfigSchema.parse({}).routing;
    const oneTierSet = ConfigSchema.parse({ routing: { models: { hard: "anthropic/claude-x" } } })
      .routing.models;

    expect(DEFAULT_ROUTING_MODELS).toEqual({
      simple: "ollama/llama3:8b",
      medium: "openai/gpt-4o-mini",
      hard: "openai/gpt-4o",
    });
    expect(routing.models).toEqual(DEFAULT_ROUTING_MODELS);
    expect(routing.baselineModel).toBe(DEFAULT_BASELINE_MODEL);
    expect(DEFAULT_BASELINE_MODEL).toBe("openai/gpt-4o");
    expect(oneTierSet).toEqual({ ...DEFAULT_ROUTING_MODELS, hard: "anthropic/claude-x" });
  });
});

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGE_SOURCES = [
  "core/src",
  "sandbox/src",
  "benchmarks/src",
  "cli/src",
  "github/src",
  "action/src",
  "app/src",
].filter((folder) => existsSync(join(REPOSITORY, folder)));

/** Non-test TypeScript sources, without the frozen migrations, comments stripped. */
function sources(): { path: string; code: string }[] {
  const found: { path: string; code: string }[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!["migrations", "test-support", "node_modules"].includes(entry.name)) walk(path);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        const code = readFileSync(path, "utf8")
          .split("\n")
          .filter((line) => !/^\s*(\*|\/\*\*|\/\/)/.test(line))
          .join("\n")
          .replace(/\s+/g, "");
        found.push({ path: relative(REPOSITORY, path), code });
      }
    }
  };
  for (const source of PACKAGE_SOURCES) walk(join(REPOSITORY, source));
  return found;
}

describe("each list is written once", () => {
  const files = sources();
  const writtenIn = (...needles: string[]) =>
    files
      .filter((file) => needles.some((needle) => file.code.includes(needle)))
      .map((file) => file.path);

  it("finds the sources it scans", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each([
    [
      "complexity tiers",
      ['"simple","medium","hard"', '"simple"|"medium"|"hard"'],
      "task-complexity.ts",
    ],
    ["task statuses", ['"pending","classifying"'], "task-status.ts"],
    ["stop reasons", ['"retries_exhausted","low_confidence"'], "stop-reason.ts"],
    [
      "default models",
      [
        'simple:"gpt-4o-mini"',
        'simple:"claude-haiku-4-5"',
        'simple:"llama3:8b"',
        '.default("openai/',
        '.default("anthropic/',
        '.default("ollama/',
      ],
      "default-models.ts",
    ],
  ])("%s", (_name, needles, home) => {
    expect(writtenIn(...needles)).toEqual([`core/src/task/${home}`]);
  });
});
