import type nock from "nock";

/** A request nock intercepted and answered from an interceptor. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The request body as text (empty for none). */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** A request that no interceptor matched. */
export interface UnmatchedRequest {
  method: string;
  url: string;
  /** Why each interceptor on the same host did not match, when nock says. */
  reasons: readonly string[];
}

/**
 * The one way tests talk HTTP to third parties. Real network is off while it exists; every
 * interceptor must be used and every request must match one, or {@link HttpMock.verify} throws.
 *
 * @example
 * // at the top level of a test file (ESM allows top-level await)
 * const http = await createHttpMock();
 * afterEach(() => http.verify());
 * afterAll(() => http.close());
 * http.scope("https://api.openai.com").post("/v1/chat/completions").reply(200, body);
 *
 * Two traps of nock 15 (seen on Node 24 too): a server that never answers is
 * `.reply(() => new Promise(() => {}))`, not `.delay()` (a delayed reply to an aborted fetch
 * trips an assertion inside undici); and `.replyWithError()` needs an `Error` instance
 * (`Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })`), a plain object leaves
 * the fetch hanging.
 */
export interface HttpMock {
  /** A nock scope for an origin such as `https://api.openai.com`. */
  scope(baseUrl: string | URL, options?: nock.Options): nock.Scope;
  /**
   * Until the next verify, lets requests to 127.0.0.1 / localhost that no interceptor is set up
   * for reach the network (a test's own local server). Every other host stays blocked.
   */
  allowLocalhost(): void;
  /** Requests answered by an interceptor since the last verify, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests no interceptor matched since the last verify. */
  readonly unmatched: readonly UnmatchedRequest[];
  /**
   * Throws when an interceptor was not used or a request matched none, then removes every
   * interceptor and forgets the recorded requests, so the next test starts clean. Call it in
   * `afterEach`.
   */
  verify(): void;
  /** Removes interceptors, stops listening and lets nock stop intercepting. Call in `afterAll`. */
  close(): void;
}

const LOCALHOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/**
 * Creates the HTTP mock. Async because nock patches `http` and `fetch` when it is imported,
 * so it is loaded only here and never as a side effect of importing the testing entry.
 */
export async function createHttpMock(): Promise<HttpMock> {
  const { default: nockModule } = await import("nock");
  if (!nockModule.isActive()) nockModule.activate();
  nockModule.disableNetConnect();
  let localhostAllowed = false;

  const requests: RecordedRequest[] = [];
  const unmatched: UnmatchedRequest[] = [];

  const onNoMatch = (request: Request, results?: nock.InterceptorMatchResult[]): void => {
    const url = new URL(request.url);
    // An allowed local request with no interceptor on its host goes to the network on purpose.
    if (localhostAllowed && LOCALHOST.test(url.host) && !results?.length) return;
    unmatched.push({
      method: request.method,
      url: request.url,
      reasons: results?.flatMap((result) => result.reasons) ?? [],
    });
  };
  nockModule.emitter.on("no match", onNoMatch);

  const reset = (): void => {
    nockModule.cleanAll();
    nockModule.abortPendingRequests();
    nockModule.disableNetConnect();
    localhostAllowed = false;
    requests.length = 0;
    unmatched.length = 0;
  };

  return {
    requests,
    unmatched,
    allowLocalhost() {
      localhostAllowed = true;
      nockModule.enableNetConnect((host) => LOCALHOST.test(host));
    },
    scope(baseUrl, scopeOptions) {
      const scope = nockModule(baseUrl, scopeOptions);
      scope.on("request", (request: Request, _interceptor: unknown, body: string) => {
        requests.push({
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(request.headers.entries()),
          body,
          json: parseJson(body),
        });
      });
      return scope;
    },
    verify() {
      const pending = nockModule.pendingMocks();
      const stray = unmatched.map(
        (request) =>
          `  ${request.method} ${request.url}${request.reasons.length ? ` (${request.reasons.join("; ")})` : ""}`,
      );
      reset();
      const problems: string[] = [];
      if (pending.length > 0) {
        problems.push(`Interceptors never used:\n${pending.map((mock) => `  ${mock}`).join("\n")}`);
      }
      if (stray.length > 0) problems.push(`Requests no interceptor matched:\n${stray.join("\n")}`);
      if (problems.length > 0) {
        throw new Error(`HTTP mock: ${problems.join("\n")}`);
      }
    },
    close() {
      reset();
      nockModule.emitter.off("no match", onNoMatch);
      nockModule.enableNetConnect();
      nockModule.restore();
    },
  };
}

function parseJson(body: string): unknown {
  if (body === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
