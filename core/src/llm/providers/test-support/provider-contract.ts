import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelOutputError, ProviderError } from "../../../errors/index.js";
import type { HttpMock } from "../../../testing/http-mock.js";
import type { LanguageModel, ProviderName, Usage } from "../../language-model.js";
import type { FakeSleep } from "../../retry/test-support/fake-sleep.js";
import { generateObject } from "../../structured/index.js";

/** One HTTP answer in a vendor's recorded wire format. */
export interface WireReply {
  status: number;
  body: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The JSON object every contract case asks for. */
export const Verdict = z.object({ passed: z.boolean(), reason: z.string() });

/**
 * What the provider contract needs from one vendor: how to build its model on a fake clock
 * (2 retries, jitter at its middle) and its recorded wire answers for each case. The cases are
 * the same for every vendor; only the wire format and the vendor's words differ.
 */
export interface ProviderContractSubject {
  provider: ProviderName;
  /** The test file's HTTP mock (one per file; the file verifies and closes it). */
  http: HttpMock;
  origin: string;
  path: string;
  model(overrides?: { timeoutMs?: number; maxRetries?: number }): {
    languageModel: LanguageModel;
    fake: FakeSleep;
  };
  /** A plain text answer. */
  answer(text: string): WireReply;
  /** A 429 with `retry-after`, and the wait in ms it asks for. */
  rateLimited: { reply: WireReply; waitMs: number };
  /** Headers the retried request carries after the 429, when the SDK sends any. */
  retriedRequestHeaders?: Record<string, string>;
  /** A 5xx answered on every attempt, and the error the call gives up with. */
  serverError: {
    reply: WireReply;
    status: number;
    requestId?: string;
    message: string;
  };
  /** An answer that fails the {@link Verdict} schema, then a valid one. */
  reAsk: {
    invalid: WireReply;
    /** The invalid answer as the model's text, handed back in the re-ask. */
    rawOutput: string;
    valid: WireReply;
    /** The corrective user message: its exact text or an asymmetric matcher. */
    correction: unknown;
    /** Both calls' usage added up. */
    usage: Usage;
  };
  /** Two answers that both fail the schema, and the `ModelOutputError` that follows. */
  invalidTwice: {
    first: WireReply;
    second: WireReply;
    output: string;
    /** The error's issues, as `toMatchObject` compares them. */
    issues: unknown[];
    usage: Usage;
  };
}

/** A server that never answers. (nock 15's `.delay()` crashes undici when the request is aborted.) */
const hang = () => new Promise<never>(() => {});

interface RequestBody {
  messages: unknown[];
}

/**
 * The behaviour every language model provider shares, run against one vendor's wire format:
 * the per-call timeout, cancellation, retry-after, giving up on 5xx, connection resets and the
 * one corrective re-ask of structured output.
 *
 * @example
 * describeProviderContract("OpenAI model", { provider: "openai", http, origin, path, model, … });
 */
export function describeProviderContract(name: string, subject: ProviderContractSubject): void {
  const { http } = subject;
  const scope = () => http.scope(subject.origin);
  const ask = { messages: [{ role: "user" as const, content: "hi" }] };

  describe(`${name}: the provider contract`, () => {
    it("times out a call that does not answer within llm.timeoutMs", async () => {
      scope().post(subject.path).reply(hang);
      const { languageModel } = subject.model({ timeoutMs: 300, maxRetries: 0 });

      const error = await languageModel.generate(ask).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        name: "ProviderError",
        provider: subject.provider,
        retryable: true,
        status: undefined,
        message: expect.stringMatching(/did not answer within 300 ms/),
      });
    });

    it("rejects at once with the abort reason when the caller aborts", async () => {
      const controller = new AbortController();
      scope()
        .post(subject.path)
        .reply(() => {
          controller.abort(new Error("user cancelled"));
          return hang();
        });
      const { languageModel, fake } = subject.model();

      await expect(languageModel.generate({ ...ask, signal: controller.signal })).rejects.toThrow(
        "user cancelled",
      );
      expect(fake.waits).toEqual([]);
    });

    it("waits what retry-after says after a 429, then succeeds", async () => {
      const { reply, waitMs } = subject.rateLimited;
      const ok = subject.answer("ok");
      scope()
        .post(subject.path)
        .reply(reply.status, reply.body, reply.headers)
        .post(subject.path)
        .reply(ok.status, ok.body, ok.headers);
      const { languageModel, fake } = subject.model();

      const result = await languageModel.generate(ask);

      expect(result.text).toBe("ok");
      expect(fake.waits).toEqual([waitMs]);
      expect(result.latencyMs).toBe(waitMs);
      expect(http.requests).toHaveLength(2);
      for (const [header, value] of Object.entries(subject.retriedRequestHeaders ?? {})) {
        expect(http.requests[1]?.headers[header]).toBe(value);
      }
    });

    it(`gives up with a retryable ProviderError when ${subject.serverError.status}s outlast the retries`, async () => {
      const { reply, status, requestId, message } = subject.serverError;
      scope().post(subject.path).times(3).reply(reply.status, reply.body, reply.headers);
      const { languageModel, fake } = subject.model();

      const error = await languageModel.generate(ask).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        provider: subject.provider,
        status,
        retryable: true,
        ...(requestId === undefined ? {} : { requestId }),
      });
      expect((error as Error).message).toBe(message);
      expect(fake.waits).toEqual([375, 750]);
    });

    it("retries a connection reset", async () => {
      const back = subject.answer("back");
      scope()
        .post(subject.path)
        .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
        .post(subject.path)
        .reply(back.status, back.body, back.headers);
      const { languageModel, fake } = subject.model();

      const result = await languageModel.generate(ask);

      expect(result.text).toBe("back");
      expect(fake.waits).toHaveLength(1);
    });

    it("re-asks once with the zod issues after invalid output, then returns the object", async () => {
      const { invalid, valid, rawOutput, correction, usage } = subject.reAsk;
      scope()
        .post(subject.path)
        .reply(invalid.status, invalid.body, invalid.headers)
        .post(subject.path)
        .reply(valid.status, valid.body, valid.headers);
      const { languageModel } = subject.model();

      const result = await generateObject(languageModel, Verdict, {
        messages: [{ role: "user", content: "Judge it" }],
        schemaName: "verdict",
      });

      expect(result.object).toEqual({ passed: true, reason: "fixed" });
      expect(result.usage).toEqual(usage);
      const first = http.requests[0]?.json as RequestBody;
      const second = http.requests[1]?.json as RequestBody;
      expect(second.messages).toEqual([
        ...first.messages,
        { role: "assistant", content: rawOutput },
        { role: "user", content: correction },
      ]);
    });

    it("throws ModelOutputError with the raw output when the re-ask is invalid too", async () => {
      const { first, second, output, issues, usage } = subject.invalidTwice;
      scope()
        .post(subject.path)
        .reply(first.status, first.body, first.headers)
        .post(subject.path)
        .reply(second.status, second.body, second.headers);
      const { languageModel } = subject.model();

      const error = await generateObject(languageModel, Verdict, {
        messages: [{ role: "user", content: "Judge it" }],
        schemaName: "verdict",
      }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ModelOutputError);
      expect(error).toMatchObject({ output, issues });
      // Both rejected answers still cost their tokens; the error carries them for cost tracking.
      expect((error as ModelOutputError).usage).toEqual(usage);
    });
  });
}
