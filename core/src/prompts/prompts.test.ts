import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { singleStepPlan } from "../agents/plan.js";
import { buildCoderPrompt } from "./coder-prompt.js";
import { buildPlannerPrompt } from "./planner-prompt.js";
import { buildReviewerPrompt, type ReviewerPromptInput } from "./reviewer-prompt.js";
import { trimOutput } from "./trim-output.js";

const TASK = "Write is_prime(n) returning True when n is prime. Example: is_prime(7) == True";

const plan = {
  reasoning: "helper then program",
  subtasks: [
    {
      id: 1,
      description: "write is_prime",
      dependencies: [],
      estimated_complexity: "simple" as const,
    },
    {
      id: 2,
      description: "main printing primes below 20",
      dependencies: [1],
      estimated_complexity: "simple" as const,
    },
  ],
};

function reviewerInput(overrides: Partial<ReviewerPromptInput> = {}): ReviewerPromptInput {
  return {
    task: TASK,
    language: "python",
    code: "def is_prime(n):\n    return n % 2",
    tests: "assert is_prime(7) is True",
    exitCode: 1,
    stdout: "partial output\n",
    stderr: "Traceback ...\nAssertionError\n",
    timedOut: false,
    oomKilled: false,
    attempt: 2,
    maxAttempts: 4,
    previousRepairs: [],
    ...overrides,
  };
}

describe("buildPlannerPrompt", () => {
  it("includes the task, the subtask limits and the JSON shape", () => {
    const prompt = buildPlannerPrompt({ task: TASK, language: "python" });
    expect(prompt.user).toContain(TASK);
    expect(prompt.system).toContain("1-6 subtasks");
    expect(prompt.system).toContain("estimated_complexity");
    expect(prompt.system).toContain("Python 3.11+");
  });
});

describe("buildCoderPrompt", () => {
  it("includes the task, the plan with the current step marked and the prior code", () => {
    const prompt = buildCoderPrompt({
      task: TASK,
      language: "python",
      plan,
      subtask: plan.subtasks[1] as (typeof plan.subtasks)[number],
      priorCode: "def is_prime(n: int) -> bool:\n    ...",
    });
    expect(prompt.user).toContain(TASK);
    expect(prompt.user).toContain("> 2. main printing primes below 20");
    expect(prompt.user).toContain("  1. write is_prime");
    expect(prompt.user).toContain("Write step 2 of 2");
    expect(prompt.user).toContain("(integration: the runnable program)");
    expect(prompt.user).toContain("Prior code:\n```python\ndef is_prime(n: int) -> bool:");
    expect(prompt.system).toContain("numpy");
    expect(prompt.system).toContain("__main__");
  });

  it("asks for the whole program without a plan listing for a single-step plan", () => {
    const single = singleStepPlan(TASK);
    const prompt = buildCoderPrompt({
      task: TASK,
      language: "node",
      plan: single,
      subtask: single.subtasks[0] as (typeof single.subtasks)[number],
      priorCode: "",
    });
    expect(prompt.user).toContain("Write the whole program in one step.");
    expect(prompt.user).not.toContain("Plan:");
    expect(prompt.user).not.toContain("Prior code");
    expect(prompt.system).toContain("JavaScript");
  });

  it("keeps a simple task's coder prompt compact", () => {
    const single = singleStepPlan(TASK);
    const prompt = buildCoderPrompt({
      task: TASK,
      language: "python",
      plan: single,
      subtask: single.subtasks[0] as (typeof single.subtasks)[number],
      priorCode: "",
    });
    expect(countTokens(`${prompt.system}\n${prompt.user}`)).toBeLessThan(400);
  });
});

describe("buildReviewerPrompt", () => {
  it("includes the task, attempt k of n, exit code, code, tests and both outputs", () => {
    const prompt = buildReviewerPrompt(reviewerInput());
    expect(prompt.user).toContain(TASK);
    expect(prompt.user).toContain("Attempt 2 of 4 failed: exit code 1.");
    expect(prompt.user).toContain("return n % 2");
    expect(prompt.user).toContain("assert is_prime(7) is True");
    expect(prompt.user).toContain("stdout:\npartial output");
    expect(prompt.user).toContain("stderr:\nTraceback ...\nAssertionError");
    for (const type of ["syntax_error", "memory_error", "timeout"])
      expect(prompt.system).toContain(type);
  });

  it("names a timeout and an out-of-memory kill instead of an exit code", () => {
    expect(buildReviewerPrompt(reviewerInput({ timedOut: true, exitCode: null })).user).toContain(
      "failed: timed out (killed).",
    );
    expect(buildReviewerPrompt(reviewerInput({ oomKilled: true })).user).toContain(
      "ran out of memory",
    );
  });

  it("trims long output to the budget, keeping the end of the traceback", () => {
    const stderr = `${"noise line\n".repeat(2_000)}ZeroDivisionError: division by zero\n`;
    const prompt = buildReviewerPrompt(reviewerInput({ stderr, outputBudgetChars: 600 }));
    expect(prompt.user).toContain("ZeroDivisionError: division by zero");
    expect(prompt.user).toContain("characters cut");
    expect(prompt.user.length).toBeLessThan(2_000);
  });

  it("lists earlier repairs and asks for a different approach after a low-confidence one", () => {
    const prompt = buildReviewerPrompt(
      reviewerInput({
        previousRepairs: [{ rootCause: "off by one", fixDescription: "use <=", confidence: 0.4 }],
      }),
    );
    expect(prompt.user).toContain("repair 1 (confidence 0.4): off by one → use <=");
    expect(prompt.user).toContain("take a different approach");
    const confident = buildReviewerPrompt(
      reviewerInput({
        previousRepairs: [{ rootCause: "x", fixDescription: "y", confidence: 0.9 }],
      }),
    );
    expect(confident.user).not.toContain("different approach.");
  });
});

describe("trimOutput", () => {
  it("leaves short text alone and keeps a third of the room for the head", () => {
    expect(trimOutput("short", 100)).toBe("short");
    const trimmed = trimOutput(`${"a".repeat(500)}${"b".repeat(500)}`, 300);
    expect(trimmed.startsWith("a".repeat(100))).toBe(true);
    expect(trimmed.endsWith("b".repeat(200))).toBe(true);
    expect(trimmed).toContain("[700 characters cut]");
  });
});
