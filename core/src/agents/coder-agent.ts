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

/**
 * Writes the code and tests of one subtask with the plan and the prior code as context.
 * The reply must be valid JSON of `{code, tests, imports, explanation}`, parse, and import
 * only allowed modules; otherwise the model is asked once more with the problems.
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
