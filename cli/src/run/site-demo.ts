import { createHash } from "node:crypto";
import type { BenchmarkProblem } from "@codeforge/benchmarks";
import { buildBenchmarkPrompt } from "@codeforge/benchmarks";
import type { GenerateRequest, LanguageModel } from "@codeforge/core";
import { createScriptedModel, requestText } from "@codeforge/core/testing";

/**
 * The id the demo snapshot's scripted model answers under. Configuration knows three providers
 * only, so it wears `openai/` to be pinned with `--model`; the name says what it is, and as a
 * model the pricing table does not know it is priced like the default model (gpt-4o-mini).
 */
export const REFERENCE_MODEL_ID = "openai/scripted-reference-solutions";

/** More calls than any demo run makes (a planner, coder and reviewers per problem). */
const MAX_CALLS = 20_000;

/** What the site says about the demo snapshot on every page. */
export const DEMO_SNAPSHOT_LABEL =
  "Demo data. These are real runs of this repository's codeforge bench and codeforge export commands, but the model is SCRIPTED: its answers are the datasets' reference solutions, some first broken on purpose (a stray call, a wrong function) to show repair and failure, recorded once and replayed from site/data/demo-cassette.jsonl. Sandbox runs, hidden-test scoring and the store are real; costs are the replayed tokens priced like gpt-4o-mini.";

/** How the scripted model's first answer to a problem goes. */
export type FirstAnswer =
  | "reference"
  /** A stray example call without arguments at the end: the program fails at once, the reviewer removes it. */
  | "stray-call"
  /** The function is redefined to return None: visible tests catch it (MBPP), else the hidden tests do. */
  | "wrong"
  /** Like `wrong`, and the reviewer's fix is as wrong: the repairs run out. */
  | "stubborn";

/** The answer plan of a problem, from a hash of its id (about 60% right first time). */
export function firstAnswerOf(problemId: string): FirstAnswer {
  const slot = (createHash("sha256").update(problemId).digest()[0] ?? 0) % 20;
  if (slot < 12) return "reference";
  if (slot < 16) return "stray-call";
  if (slot < 19) return "wrong";
  return "stubborn";
}

/** The dataset's reference program of a problem. */
export function referenceSolution(problem: BenchmarkProblem): string {
  switch (problem.dataset) {
    case "humaneval":
    case "humaneval-plus":
      return `${problem.prompt}${problem.canonicalSolution}`;
    case "mbpp":
    case "mbpp-sanitized":
      return problem.code;
    case "custom":
      return problem.solution;
  }
}

/** The tests a problem's prompt shows (MBPP's three asserts); the hidden tests are never used. */
function visibleTests(problem: BenchmarkProblem): string {
  return problem.dataset === "mbpp" || problem.dataset === "mbpp-sanitized"
    ? problem.testList.slice(0, 3).join("\n")
    : "";
}

function entryPoint(problem: BenchmarkProblem, code: string): string | undefined {
  if (problem.dataset === "humaneval" || problem.dataset === "humaneval-plus")
    return problem.entryPoint;
  return /^def\s+(\w+)\s*\(/m.exec(code)?.[1];
}

function wrongProgram(problem: BenchmarkProblem): string {
  const reference = referenceSolution(problem);
  const name = entryPoint(problem, reference);
  if (name === undefined) return strayCallProgram(problem);
  return `${reference.trimEnd()}\n\n\ndef ${name}(*args, **kwargs):\n    return None\n`;
}

function strayCallProgram(problem: BenchmarkProblem): string {
  const reference = referenceSolution(problem);
  const name = entryPoint(problem, reference) ?? "main";
  return `${reference.trimEnd()}\n\n\nprint(${name}())\n`;
}

/**
 * The scripted model behind the demo snapshot: it answers the planner with one subtask, the
 * coder with the problem's reference solution (or, per {@link firstAnswerOf}, a broken one
 * the first time) and the reviewer with the reference solution as the fix. It finds the
 * problem by the benchmark prompt inside the request, so concurrency and order do not matter.
 */
export function createReferenceModel(problems: readonly BenchmarkProblem[]): LanguageModel {
  const squash = (text: string) => text.replace(/\s+/g, " ").trim();
  const prompts = problems.map((problem) => ({
    problem,
    prompt: squash(buildBenchmarkPrompt(problem)),
  }));
  const coded = new Map<string, number>();
  const find = (request: GenerateRequest<unknown>): BenchmarkProblem => {
    const text = squash(requestText(request));
    const found = prompts.find((entry) => text.includes(entry.prompt));
    if (!found) throw new Error("the reference model was asked about no known problem");
    return found.problem;
  };
  const answer = (request: GenerateRequest<unknown>) => {
    if (request.schemaName === "plan") {
      return {
        object: {
          reasoning: "One self-contained function: a single step.",
          subtasks: [
            {
              id: 1,
              description: "Write the complete program",
              dependencies: [],
              estimated_complexity: "simple",
            },
          ],
        },
      };
    }
    const problem = find(request);
    const plan = firstAnswerOf(problem.id);
    if (request.schemaName === "review") {
      const stubborn = plan === "stubborn";
      const strayCall = plan === "stray-call";
      return {
        object: {
          root_cause: strayCall
            ? "an example call at the end of the program passes no arguments and raises TypeError"
            : "the function is redefined at the end of the program and returns None",
          error_type: strayCall ? "runtime_error" : "logic_error",
          fix_description: strayCall
            ? "remove the example call"
            : stubborn
              ? "return the computed value"
              : "remove the second definition",
          fixed_code: stubborn ? wrongProgram(problem) : referenceSolution(problem),
          fixed_tests: null,
          confidence: stubborn ? 0.6 : 0.9,
          changes_made: [strayCall ? "removed the example call" : "removed the stub definition"],
        },
      };
    }
    const attempt = coded.get(problem.id) ?? 0;
    coded.set(problem.id, attempt + 1);
    const code =
      attempt > 0 || plan === "reference"
        ? referenceSolution(problem)
        : plan === "stray-call"
          ? strayCallProgram(problem)
          : wrongProgram(problem);
    return {
      object: {
        code,
        tests: visibleTests(problem),
        imports: [],
        explanation: "The reference approach.",
      },
    };
  };
  // Every call is answered from the request itself; the script only bounds how many.
  return createScriptedModel(
    Array.from({ length: MAX_CALLS }, () => answer),
    { id: REFERENCE_MODEL_ID },
  );
}
