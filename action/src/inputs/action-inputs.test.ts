import { describe, expect, it } from "vitest";
import { ActionInputError } from "./action-input-error.js";
import { type ActionInputName, parseActionInputs } from "./action-inputs.js";

const reader =
  (given: Partial<Record<ActionInputName, string>>) =>
  (name: ActionInputName): string =>
    given[name] ?? "";

function issuesOf(given: Partial<Record<ActionInputName, string>>) {
  try {
    parseActionInputs(reader(given));
  } catch (error) {
    if (error instanceof ActionInputError) return error;
    throw error;
  }
  throw new Error("expected the inputs to be refused");
}

describe("parseActionInputs", () => {
  it("gives every input its default when nothing is set", () => {
    const inputs = parseActionInputs(reader({}));
    expect(inputs).toMatchObject({
      mode: "task",
      benchmark: "humaneval",
      "trigger-phrase": "/codeforge",
      "open-pr": true,
      "no-repair": false,
      "fail-on-task-failure": false,
      "results-dir": "codeforge-results",
    });
    expect(inputs.prompt).toBeUndefined();
    expect(inputs.shard).toBeUndefined();
    expect(inputs["max-retries"]).toBeUndefined();
  });

  it("parses numbers, flags, the shard and the benchmark", () => {
    const inputs = parseActionInputs(
      reader({
        mode: "benchmark",
        benchmark: "custom",
        limit: "3",
        shard: "2/4",
        "max-retries": "0",
        "budget-usd": "0.5",
        "no-repair": "true",
        "open-pr": "False",
        provider: "openai",
        model: "gpt-4o-mini",
      }),
    );
    expect(inputs).toMatchObject({
      mode: "benchmark",
      benchmark: "custom",
      limit: 3,
      shard: { index: 2, count: 4 },
      "max-retries": 0,
      "budget-usd": 0.5,
      "no-repair": true,
      "open-pr": false,
    });
  });

  it("reports every invalid input at once, by its kebab-case name", () => {
    const error = issuesOf({
      mode: "bench",
      "max-retries": "11",
      shard: "5/4",
      "open-pr": "yes",
      "budget-usd": "-1",
      limit: "two",
      "ollama-host": "not a url",
    });
    expect(error.issues.map((issue) => issue.input).sort()).toEqual(
      ["budget-usd", "limit", "max-retries", "mode", "ollama-host", "open-pr", "shard"].sort(),
    );
    expect(error.message).toContain('input "mode": must be one of task, benchmark');
    expect(error.message).toContain('input "max-retries": must be a whole number between 0 and 10');
    expect(error.message).toContain('input "shard": must be i/n');
    expect(error.message).toContain('input "open-pr": must be true or false');
  });

  it("asks for a provider when a model names none", () => {
    const error = issuesOf({ model: "gpt-4o-mini" });
    expect(error.issues).toEqual([
      {
        input: "model",
        message: "needs a provider: write openai/gpt-4o-mini, or set the provider input",
      },
    ]);
  });
});
