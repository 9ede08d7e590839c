import type { z } from "zod";
import { ModelOutputError } from "../../errors/index.js";
import type { GenerateRequest, GenerateResult, LanguageModel, Usage } from "../language-model.js";
import { summarizeIssues } from "./parse-model-output.js";

/** A {@link GenerateResult} whose object is always there. */
export type ObjectResult<T> = GenerateResult<T> & { object: T };

/**
 * Asks a model for a JSON object of `schema` (each provider uses its native JSON/schema mode),
 * validates it with zod, and when it does not match, re-asks once: the invalid output goes
 * back as the assistant's turn followed by the zod issues. A second invalid answer throws
 * {@link ModelOutputError} with that output and its issues. Errors other than invalid output
 * (a `ProviderError` after the retries) pass through untouched.
 *
 * @example
 * const { object } = await generateObject(model, PlanSchema, {
 *   system: "You plan programming tasks.",
 *   messages: [{ role: "user", content: task }],
 *   schemaName: "plan",
 * });
 */
export async function generateObject<T>(
  model: LanguageModel,
  schema: z.ZodType<T>,
  request: Omit<GenerateRequest<T>, "schema">,
): Promise<ObjectResult<T>> {
  const first = await tryGenerate(model, { ...request, schema });
  if (first.ok) return first.result;

  const retry = await tryGenerate(model, {
    ...request,
    schema,
    messages: [
      ...request.messages,
      { role: "assistant", content: first.error.output },
      { role: "user", content: correctionPrompt(first.error) },
    ],
  });
  // Both calls cost tokens: the result (or the error) accounts for the rejected first answer too.
  if (retry.ok) {
    return { ...retry.result, usage: addUsage(first.error.usage, retry.result.usage) };
  }
  const usage = addUsage(first.error.usage, retry.error.usage);
  throw new ModelOutputError(
    `${model.id} returned invalid output twice, also after a corrective re-ask: ${summarizeIssues(retry.error.issues)}`,
    {
      output: retry.error.output,
      issues: retry.error.issues,
      cause: retry.error,
      ...(usage === undefined ? {} : { usage }),
    },
  );
}

/** The usage of two calls together; unknown when neither is known. */
function addUsage(first: Usage | undefined, second: Usage): Usage;
function addUsage(first: Usage | undefined, second: Usage | undefined): Usage | undefined;
function addUsage(first: Usage | undefined, second: Usage | undefined): Usage | undefined {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return {
    inputTokens: first.inputTokens + second.inputTokens,
    outputTokens: first.outputTokens + second.outputTokens,
    estimated: first.estimated || second.estimated,
  };
}

type Attempt<T> = { ok: true; result: ObjectResult<T> } | { ok: false; error: ModelOutputError };

async function tryGenerate<T>(
  model: LanguageModel,
  request: GenerateRequest<T>,
): Promise<Attempt<T>> {
  try {
    const result = await model.generate(request);
    if (result.object === undefined) {
      // A model that ignores `schema` is a programming error, not a bad answer.
      throw new TypeError(`${model.id} returned no object for a request with a schema`);
    }
    return { ok: true, result: result as ObjectResult<T> };
  } catch (error) {
    if (error instanceof ModelOutputError) return { ok: false, error };
    throw error;
  }
}

function correctionPrompt(error: ModelOutputError): string {
  const issues = error.issues
    .map((issue) => `- ${issue.path === "" ? "(root)" : issue.path}: ${issue.message}`)
    .join("\n");
  return [
    "Your previous answer was not valid for the requested JSON schema:",
    issues,
    "Answer again with only the corrected JSON, no explanation and no code fence.",
  ].join("\n");
}
