import type { BenchmarkProblem } from "../datasets/benchmark-problem.js";

/**
 * The task the agent sees for a problem, and nothing of its hidden tests beyond what the
 * benchmark's standard prompt shows: HumanEval (and HumanEval+) the prompt; MBPP the task
 * text and its three `test_list` asserts (the standard format); custom the description.
 */
export function buildBenchmarkPrompt(problem: BenchmarkProblem): string {
  switch (problem.dataset) {
    case "humaneval":
    case "humaneval-plus":
      return [
        `Complete the Python function \`${problem.entryPoint}\` below. Return the whole program: the imports, the function with its body, and any helpers it needs.`,
        "",
        "```python",
        problem.prompt.trimEnd(),
        "```",
      ].join("\n");
    case "mbpp":
    case "mbpp-sanitized":
      return [
        `You are an expert Python programmer, and here is your task: ${problem.text} Your code should pass these tests:`,
        "",
        ...problem.testList.slice(0, 3),
      ].join("\n");
    case "custom":
      return problem.description;
  }
}
