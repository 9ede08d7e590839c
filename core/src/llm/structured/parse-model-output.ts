import type { z } from "zod";
import { ModelOutputError, type ModelOutputIssue } from "../../errors/index.js";
import type { Usage } from "../language-model.js";

/** The outcome of {@link parseModelOutput}: the valid value, or what is wrong with the text. */
export type ParsedModelOutput<T> =
  | { success: true; value: T }
  | { success: false; issues: ModelOutputIssue[] };

/**
 * Reads a model's JSON answer: strips a Markdown code fence and any prose around the JSON,
 * parses it and validates it with the zod schema. Never throws; see {@link parseModelOutputOrThrow}.
 *
 * @example
 * parseModelOutput("```json\n{\"ok\":true}\n```", z.object({ ok: z.boolean() })); // { success: true, value: { ok: true } }
 */
export function parseModelOutput<T>(text: string, schema: z.ZodType<T>): ParsedModelOutput<T> {
  const candidate = extractJson(text);
  if (candidate === "") {
    return {
      success: false,
      issues: [{ path: "", message: "The answer is empty; expected JSON." }],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      success: false,
      issues: [{ path: "", message: `The answer is not valid JSON: ${reason}` }],
    };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { success: true, value: parsed.data };
  return {
    success: false,
    issues: parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    })),
  };
}

/**
 * {@link parseModelOutput} for providers: returns the value or throws {@link ModelOutputError}
 * with the raw text and the issues. `truncated` adds the likely cause when the model stopped at
 * its token limit.
 */
export function parseModelOutputOrThrow<T>(
  text: string,
  schema: z.ZodType<T>,
  context: { provider: string; model: string; truncated?: boolean; usage?: Usage },
): T {
  const parsed = parseModelOutput(text, schema);
  if (parsed.success) return parsed.value;
  const issues = context.truncated
    ? [
        ...parsed.issues,
        {
          path: "",
          message:
            "The answer stopped at the output token limit; raise llm.maxOutputTokens (CODEFORGE_LLM_MAX_OUTPUT_TOKENS) or ask for less.",
        },
      ]
    : parsed.issues;
  throw new ModelOutputError(
    `${context.provider}/${context.model} returned output that does not match the requested shape: ${summarizeIssues(issues)}`,
    { output: text, issues, ...(context.usage === undefined ? {} : { usage: context.usage }) },
  );
}

/** One line listing the issues, for error messages and the corrective re-ask. */
export function summarizeIssues(issues: readonly ModelOutputIssue[]): string {
  return issues
    .map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`))
    .join("; ");
}

const FENCE = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/;

function extractJson(text: string): string {
  const trimmed = text.trim();
  const fenced = FENCE.exec(trimmed);
  const body = (fenced?.[1] ?? trimmed).trim();
  if (body === "" || body.startsWith("{") || body.startsWith("[")) return body;
  // Prose around the JSON ("Here is the result: {…}"): keep the outermost object or array.
  const start = body.search(/[[{]/);
  if (start === -1) return body;
  const end = Math.max(body.lastIndexOf("}"), body.lastIndexOf("]"));
  return end > start ? body.slice(start, end + 1) : body;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`,
    )
    .join("");
}
