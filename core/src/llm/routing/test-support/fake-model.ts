import type { GenerateRequest, GenerateResult, LanguageModel } from "../../language-model.js";

/** What a fake model answers: a text, or an error to throw. */
export type FakeAnswer = string | Error;

/** A language model that answers from a script and records every request. */
export interface FakeModel extends LanguageModel {
  readonly requests: GenerateRequest[];
}

/**
 * A scripted language model for tests: answers the scripted texts in order (the last one
 * repeats), parses the text against the request's schema like a provider's JSON mode, and
 * records what it was asked.
 */
export function createFakeModel(
  id: string,
  script: readonly FakeAnswer[] = ["ok"],
  usage = { inputTokens: 10, outputTokens: 5 },
): FakeModel {
  const [provider = "fake", ...rest] = id.split("/");
  const requests: GenerateRequest[] = [];
  return {
    id,
    provider,
    model: rest.join("/") || id,
    requests,
    async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
      requests.push(request as GenerateRequest);
      const answer = script[Math.min(requests.length - 1, script.length - 1)] ?? "";
      if (answer instanceof Error) throw answer;
      let object: T | undefined;
      if (request.schema) {
        const parsed = request.schema.safeParse(safeJson(answer));
        if (parsed.success) object = parsed.data;
      }
      return {
        text: answer,
        object,
        usage: { ...usage, estimated: false },
        latencyMs: 1,
        model: rest.join("/") || id,
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
