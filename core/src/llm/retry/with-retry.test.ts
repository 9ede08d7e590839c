import { describe, expect, it } from "vitest";
import { ProviderError } from "../../errors/index.js";
import { backoffDelay } from "./backoff-delay.js";
import { parseRetryAfter } from "./retry-after.js";
import { createFakeSleep } from "./test-support/fake-sleep.js";
import { type AttemptContext, withRetry } from "./with-retry.js";

const rateLimited = (headers: Record<string, string> = {}) =>
  new ProviderError("openai answered 429", {
    provider: "openai",
    status: 429,
    retryable: true,
    cause: { headers: new Headers(headers) },
  });

const toProviderError = (error: unknown) =>
  new ProviderError(`wrapped: ${String(error)}`, { provider: "openai", cause: error });

function scripted(outcomes: ReadonlyArray<unknown>) {
  const contexts: AttemptContext[] = [];
  const operation = async (context: AttemptContext) => {
    contexts.push(context);
    const outcome = outcomes[contexts.length - 1];
    if (outcome instanceof Error) throw outcome;
    return outcome as string;
  };
  return { operation, contexts };
}

describe("withRetry", () => {
  it("retries a retryable failure with exponential backoff and returns the success", async () => {
    const fake = createFakeSleep();
    const failure = new ProviderError("boom", { provider: "openai", status: 503, retryable: true });
    const { operation, contexts } = scripted([failure, failure, "ok"]);

    const result = await withRetry(operation, {
      provider: "openai",
      maxRetries: 3,
      timeoutMs: 1_000,
      sleep: fake.sleep,
      random: () => 0.5,
      toProviderError,
    });

    expect(result).toBe("ok");
    expect(contexts.map((context) => context.attempt)).toEqual([1, 2, 3]);
    expect(fake.waits).toEqual([375, 750]);
  });

  it("honours retry-after-ms, retry-after seconds and retry-after dates", async () => {
    const fake = createFakeSleep();
    // The third failure comes after the clock moved 3 s; the date lies 3 s after that.
    const date = new Date(fake.now() + 1_000 + 2_000 + 3_000).toUTCString();
    const { operation } = scripted([
      rateLimited({ "retry-after-ms": "1000" }),
      rateLimited({ "retry-after": "2" }),
      rateLimited({ "retry-after": date }),
      "ok",
    ]);

    await withRetry(operation, {
      provider: "openai",
      maxRetries: 3,
      timeoutMs: 1_000,
      sleep: fake.sleep,
      now: fake.now,
      toProviderError,
    });

    expect(fake.waits).toEqual([1_000, 2_000, 3_000]);
  });

  it("gives up after maxRetries with a retryable error that says so", async () => {
    const fake = createFakeSleep();
    const failure = new ProviderError("openai answered 500", {
      provider: "openai",
      status: 500,
      requestId: "req_9",
      retryable: true,
    });
    const { operation, contexts } = scripted([failure, failure, failure]);

    const error = await withRetry(operation, {
      provider: "openai",
      maxRetries: 2,
      timeoutMs: 1_000,
      sleep: fake.sleep,
      toProviderError,
    }).catch((caught: unknown) => caught);

    expect(contexts).toHaveLength(3);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      message: "openai answered 500 (gave up after 3 attempts)",
      status: 500,
      requestId: "req_9",
      retryable: true,
    });
  });

  it("does not retry an error that is not retryable, nor one after output was committed", async () => {
    const fake = createFakeSleep();
    const badRequest = new ProviderError("400", { provider: "openai", status: 400 });
    const first = scripted([badRequest, "never"]);
    await expect(
      withRetry(first.operation, {
        provider: "openai",
        maxRetries: 3,
        timeoutMs: 1_000,
        sleep: fake.sleep,
        toProviderError,
      }),
    ).rejects.toBe(badRequest);
    expect(first.contexts).toHaveLength(1);

    const midStream = rateLimited();
    const second = scripted([midStream, "never"]);
    const committing = async (context: AttemptContext) => {
      context.commit();
      return second.operation(context);
    };
    await expect(
      withRetry(committing, {
        provider: "openai",
        maxRetries: 3,
        timeoutMs: 1_000,
        sleep: fake.sleep,
        toProviderError,
      }),
    ).rejects.toBe(midStream);
    expect(fake.waits).toEqual([]);
  });

  it("maps foreign errors with toProviderError", async () => {
    const { operation } = scripted([new TypeError("fetch failed")]);

    await expect(
      withRetry(operation, {
        provider: "openai",
        maxRetries: 0,
        timeoutMs: 1_000,
        toProviderError,
      }),
    ).rejects.toThrow("wrapped: TypeError: fetch failed");
  });

  it("stops when the server asks for a wait longer than a minute", async () => {
    const fake = createFakeSleep();
    const { operation } = scripted([rateLimited({ "retry-after": "600" }), "never"]);

    await expect(
      withRetry(operation, {
        provider: "openai",
        maxRetries: 3,
        timeoutMs: 1_000,
        sleep: fake.sleep,
        toProviderError,
      }),
    ).rejects.toThrow(/asked to wait 600 s/);
    expect(fake.waits).toEqual([]);
  });

  it("times out a hanging attempt, then retries it", async () => {
    const fake = createFakeSleep();
    let calls = 0;
    const operation = ({ signal }: AttemptContext) => {
      calls++;
      if (calls === 2) return Promise.resolve("second");
      return new Promise<string>((_resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    };

    const result = await withRetry(operation, {
      provider: "ollama",
      maxRetries: 1,
      timeoutMs: 20,
      sleep: fake.sleep,
      toProviderError,
    });

    expect(result).toBe("second");
    expect(fake.waits).toHaveLength(1);
  });

  it("rejects at once with the abort reason when aborted during a backoff wait", async () => {
    const controller = new AbortController();
    const fake = createFakeSleep({
      hold: true,
      onSleep: () => controller.abort(new Error("user cancelled")),
    });
    const { operation, contexts } = scripted([rateLimited({ "retry-after": "30" }), "never"]);

    await expect(
      withRetry(operation, {
        provider: "openai",
        maxRetries: 3,
        timeoutMs: 1_000,
        signal: controller.signal,
        sleep: fake.sleep,
        toProviderError,
      }),
    ).rejects.toThrow("user cancelled");
    expect(fake.waits).toEqual([30_000]);
    expect(contexts).toHaveLength(1);
  });

  it("does not start when the signal is already aborted", async () => {
    const { operation, contexts } = scripted(["never"]);

    await expect(
      withRetry(operation, {
        provider: "openai",
        maxRetries: 3,
        timeoutMs: 1_000,
        signal: AbortSignal.abort(new Error("too late")),
        toProviderError,
      }),
    ).rejects.toThrow("too late");
    expect(contexts).toHaveLength(0);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads milliseconds, seconds and HTTP dates and ignores garbage", () => {
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250.5" }), now)).toBe(250.5);
    expect(parseRetryAfter(new Headers({ "retry-after": "1.5" }), now)).toBe(1_500);
    expect(
      parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now),
    ).toBe(5_000);
    expect(
      parseRetryAfter(new Headers({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }), now),
    ).toBe(0);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("doubles per retry, caps, and keeps the jitter within half a step", () => {
    const options = { initialDelayMs: 500, maxDelayMs: 8_000 };
    expect(backoffDelay(1, { ...options, random: () => 0 })).toBe(250);
    expect(backoffDelay(1, { ...options, random: () => 0.999999 })).toBe(500);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(1_000);
    expect(backoffDelay(10, { ...options, random: () => 0 })).toBe(4_000);
  });
});
