import type { Language } from "../executor/index.js";
import type { LanguageModel } from "../llm/index.js";
import { buildCoderPrompt } from "../prompts/index.js";
import { allowedModules, disallowedImports } from "./allowed-imports.js";
import { type CodeSegment, CodeSegmentSchema } from "./code-segment.js";
import {
  callSettings,
  callStructured,
  type ModelCall,
  type StructuredCallResult,
} from "./model-call.js";
import type { Plan, Subtask } from "./plan.js";
import type { SyntaxChecker } from "./syntax-checker.js";

/** What the coder needs for one subtask. */
export interface CoderOptions {
  model: LanguageModel;
  task: string;
  language: Language;
  plan: Plan;
  subtask: Subtask;
  priorCode: string;
  syntaxChecker: SyntaxChecker;
  /**
   * Whether the integration (last) step must be a runnable program: Python with `def main`
   * and an `if __name__ == "__main__":` guard, Node with a call at top level. Defaults to
   * true; a benchmark, whose answer is a function its harness calls, turns it off.
   */
  requireEntryPoint?: boolean;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onCall?: (call: ModelCall) => void | Promise<void>;
  now?: () => number;
}

/**
 * Problems with generated code before it runs: imports outside the allowed set (standard
 * library plus the sandbox image's packages) and syntax errors. Empty when it may run.
 */
export async function checkGeneratedCode(
  language: Language,
  sources: Readonly<Record<string, string>>,
  syntaxChecker: SyntaxChecker,
  signal?: AbortSignal,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, source] of Object.entries(sources)) {
    const outside = disallowedImports(language, source);
    if (outside.length > 0) {
      problems.push(
        `${name} imports ${outside.join(", ")}, which the sandbox does not have: use the standard library or the listed packages`,
      );
    }
  }
  const syntax = await syntaxChecker.check(language, sources, signal);
  for (const error of syntax.errors) problems.push(`syntax error in ${error}`);
  return problems;
}

const PYTHON_MAIN = /^(?:async\s+)?def\s+main\s*\(/m;
const PYTHON_GUARD = /^if\s+__name__\s*==\s*(["'])__main__\1\s*:/m;
const NODE_MAIN_GUARD = /\brequire\.main\s*===?\s*module\b/;
// A statement at column 0 that calls something: `main();`, `await main()`, `console.log(x)`.
const NODE_TOP_LEVEL_CALL =
  /^(?!(?:function|class|const|let|var|if|for|while|switch|return|import|export)\b)(?:(?:await|void)\s+)?[A-Za-z_$][\w$.]*\s*\(/m;

/**
 * What the integration step's code lacks to be a runnable program: for Python a `main()`
 * and a main guard; for Node a call at top level (or a `require.main === module` guard),
 * since a Node file runs top to bottom and needs no `main` by convention. Empty when it
 * has what it needs.
 */
export function missingEntryPoint(language: Language, code: string): string[] {
  if (language === "python") {
    return [
      ...(PYTHON_MAIN.test(code)
        ? []
        : ["the integration step must define main() that prints a meaningful result"]),
      ...(PYTHON_GUARD.test(code)
        ? []
        : ['the integration step must end with if __name__ == "__main__": main()']),
    ];
  }
  return NODE_MAIN_GUARD.test(code) || NODE_TOP_LEVEL_CALL.test(code)
    ? []
    : [
        "the integration step must run something: call main() at top level or when require.main === module",
      ];
}

/**
 * Writes the code and tests of one subtask with the plan and the prior code as context.
 * The reply must be valid JSON of `{code, tests, imports, explanation}`, parse, import
 * only allowed modules and, for the integration step, be runnable (`missingEntryPoint`); otherwise the model is asked once more with the problems.
 */
export function runCoder(options: CoderOptions): Promise<StructuredCallResult<CodeSegment>> {
  const prompt = buildCoderPrompt(options);
  return callStructured({
    model: options.model,
    schema: CodeSegmentSchema,
    schemaName: "code",
    system: prompt.system,
    user: prompt.user,
    validate: async (segment) => {
      if (!segment.code.trim()) return ["code is empty: write the code of this step"];
      const allowed = allowedModules(options.language);
      const declared = segment.imports
        .map((name) => name.trim().split(/[\s.]/)[0] ?? "")
        .filter((name) => name && !allowed.has(name));
      const problems = declared.length
        ? [`imports lists ${declared.join(", ")}, which the sandbox does not have`]
        : [];
      const integration = options.subtask.id === options.plan.subtasks.at(-1)?.id;
      if (integration && options.requireEntryPoint !== false) {
        problems.push(...missingEntryPoint(options.language, segment.code));
      }
      return [
        ...problems,
        ...(await checkGeneratedCode(
          options.language,
          { code: segment.code, tests: segment.tests },
          options.syntaxChecker,
          options.signal,
        )),
      ];
    },
    ...callSettings(options),
  });
}
