import { ConfigSchema, type Logger } from "@codeforge/core";
import {
  createFakeExecutor,
  createFakeRepositoryRunner,
  createHttpMock,
  createScriptedModel,
  createTestStore,
  type ScriptedReply,
} from "@codeforge/core/testing";
import { Octokit } from "@octokit/core";
import pino from "pino";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { TaskJob } from "../queue/task-job.js";
import { fixtureTarball } from "../test-support/fixture-tarball.js";
import { createRepositorySpend } from "./repository-spend.js";
import { jobMarker, runJob } from "./run-job.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const API = "https://api.github.com";
const REPO = "/repos/octo/textkit";
const TOKEN = "ghs_installationtoken1234567890";
const BASE = "b".repeat(40);
const config = ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } });
const logger: Logger = pino({ level: "silent" });

const plan: ScriptedReply = {
  object: {
    reasoning: "one function and its test",
    subtasks: [
      { id: 1, description: "add format_clock", dependencies: [], estimated_complexity: "simple" },
    ],
    files: ["textkit/durations.py"],
  },
};
const FIXED =
  "def format_clock(seconds):\n    hours, rest = divmod(seconds, 3600)\n    return f'{hours}:{rest // 60:02d}:{rest % 60:02d}'\n";
const change: ScriptedReply = {
  object: {
    changes: [
      { path: "textkit/clock.py", content: FIXED },
      {
        path: "tests/test_clock.py",
        content:
          "from textkit.clock import format_clock\n\ndef test_clock():\n    assert format_clock(3661) == '1:01:01'\n",
      },
    ],
    explanation: "adds format_clock",
  },
};
const passing = [{ name: "test_slugify", file: "tests/test_slug.py", outcome: "passed" as const }];

function job(overrides: Partial<TaskJob> = {}): TaskJob {
  return {
    deliveryId: "d-1",
    installationId: 7,
    owner: "octo",
    repo: "textkit",
    number: 12,
    isPullRequest: false,
    title: "Clock format",
    body: "We need H:MM:SS",
    commentId: 555,
    commentUrl: "https://github.com/octo/textkit/issues/12#issuecomment-555",
    commentKind: "issue",
    author: "alice",
    command: { kind: "task", text: "Add format_clock(seconds) returning H:MM:SS" },
    ...overrides,
  };
}

const context = {
  jobId: "11111111-2222-5333-8444-555555555555",
  signal: new AbortController().signal,
  retryCount: 0,
  retryLimit: 2,
};

async function deps(
  replies: ScriptedReply[],
  runs: Parameters<typeof createFakeRepositoryRunner>[0],
) {
  const store = await createTestStore();
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  return {
    store,
    model,
    deps: {
      installation: async () => ({ client: new Octokit({ auth: TOKEN }), token: TOKEN }),
      operatorConfig: config,
      pipelineParts: async () => ({
        model,
        executor: createFakeExecutor([]),
        repositoryRunner: createFakeRepositoryRunner(runs),
        syntaxChecker: { check: async () => ({ valid: true, errors: [], checked: true }) },
        classify: () => ({ complexity: "medium" as const }),
      }),
      tasks: store.tasks,
      logger,
      settings: {
        branchTemplate: "codeforge/issue-{number}-{slug}",
        draft: false,
        progressIntervalMs: 0,
      },
    },
  };
}

/** The requests every job makes before the run: progress comment, repository, ref, config, tarball. */
function startOfJob(configStatus = 404, configBody: object = { message: "Not Found" }) {
  http
    .scope(API)
    .post(`${REPO}/issues/12/comments`, (body) => body.body.includes(jobMarker(context.jobId)))
    .reply(201, { id: 900 })
    .get(REPO)
    .reply(200, { default_branch: "main", full_name: "octo/textkit" })
    .get(`${REPO}/git/ref/heads%2Fmain`)
    .reply(200, { object: { sha: BASE } })
    .get(`${REPO}/contents/.github%2Fcodeforge.yml`)
    .query({ ref: "main" })
    .reply(configStatus, configBody);
}

function bodiesOf(method: string, path: string): string[] {
  return http.requests
    .filter((request) => request.method === method && request.url.endsWith(path))
    .map((request) => (request.json as { body: string }).body);
}

describe("runJob", () => {
  it("runs an issue's task and publishes blobs, tree, commit, branch and PR, editing the progress comment", async () => {
    const { deps: jobDeps, store } = await deps(
      [plan, change],
      [
        { tests: passing },
        {
          tests: [
            ...passing,
            { name: "test_clock", file: "tests/test_clock.py", outcome: "passed" },
          ],
        },
      ],
    );
    startOfJob();
    http
      .scope(API)
      .get(`${REPO}/tarball/${BASE}`)
      .reply(200, fixtureTarball(), { "content-type": "application/x-gzip" })
      .patch(`${REPO}/issues/comments/900`)
      .times(50)
      .optionally()
      .reply(200, {})
      .get(`${REPO}/git/commits/${BASE}`)
      .reply(200, { sha: BASE, tree: { sha: "t0" } })
      .get(`${REPO}/git/trees/t0`)
      .query({ recursive: "1" })
      .reply(200, { tree: [] })
      .post(`${REPO}/git/blobs`)
      .times(2)
      .reply(201, { sha: "blob" })
      .post(`${REPO}/git/trees`)
      .reply(201, { sha: "t1" })
      .post(`${REPO}/git/commits`)
      .reply(201, { sha: "c1" })
      .post(`${REPO}/git/refs`, {
        ref: "refs/heads/codeforge/issue-12-add-format-clock-seconds-returning-h-mm",
        sha: "c1",
      })
      .reply(201, {})
      .post(`${REPO}/pulls`)
      .reply(201, { number: 13, html_url: "https://github.com/octo/textkit/pull/13" });

    const outcome = await runJob(jobDeps, job(), context);

    expect(outcome).toMatchObject({
      status: "completed",
      pullRequestUrl: "https://github.com/octo/textkit/pull/13",
    });
    const pull = http.requests.find((request) => request.url.endsWith("/pulls"))?.json as Record<
      string,
      string
    >;
    expect(pull).toMatchObject({
      head: "codeforge/issue-12-add-format-clock-seconds-returning-h-mm",
      base: "main",
      draft: false,
    });
    expect(pull.body).toContain("Fixes #12");
    expect(pull.body).toContain("`tests/test_clock.py::test_clock`");
    const edits = bodiesOf("PATCH", "/issues/comments/900");
    expect(edits.length).toBeGreaterThan(1);
    expect(edits.at(-1)).toContain("### ✅ Done in");
    expect(edits.at(-1)).toContain("**Pull request:** https://github.com/octo/textkit/pull/13");
    expect(JSON.stringify(http.requests.map((request) => request.json))).not.toContain(TOKEN);
    const row = await store.tasks.get(outcome.status === "completed" ? outcome.taskId : "");
    expect(row).toMatchObject({
      source: "app",
      repo: "octo/textkit",
      issueNumber: 12,
      prUrl: "https://github.com/octo/textkit/pull/13",
      prNumber: 13,
    });
    await store.close();
  });

  it("comments the key and problem of an invalid .github/codeforge.yml and does not start", async () => {
    const { deps: jobDeps, model, store } = await deps([], []);
    const file = Buffer.from("providers:\n  openai:\n    apiKey: stolen\n").toString("base64");
    startOfJob(200, { content: file, encoding: "base64" });
    http.scope(API).patch(`${REPO}/issues/comments/900`).reply(200, {});

    const outcome = await runJob(jobDeps, job(), context);

    expect(outcome.status).toBe("refused");
    const [body] = bodiesOf("PATCH", "/issues/comments/900");
    expect(body).toContain(".github/codeforge.yml");
    expect(body).toContain("providers.openai.apiKey");
    expect(model.requests).toEqual([]);
    await store.close();
  });

  it("says plainly why a run failed, pushes the branch worth keeping and opens no PR", async () => {
    const review: ScriptedReply = {
      object: {
        root_cause: "unsure",
        error_type: "logic_error",
        fix_description: "guess",
        confidence: 0.1,
        changes_made: [],
        changes: [{ path: "textkit/clock.py", content: FIXED }],
        explanation: "guess",
      },
    };
    const failing = [
      ...passing,
      {
        name: "test_clock",
        file: "tests/test_clock.py",
        outcome: "failed" as const,
        message: "assert",
      },
    ];
    const { deps: jobDeps, store } = await deps(
      [plan, change, review, review],
      [
        { tests: passing },
        { exitCode: 1, tests: failing },
        { exitCode: 1, tests: failing },
        { exitCode: 1, tests: failing },
      ],
    );
    startOfJob();
    http
      .scope(API)
      .get(`${REPO}/tarball/${BASE}`)
      .reply(200, fixtureTarball())
      .patch(`${REPO}/issues/comments/900`)
      .times(50)
      .optionally()
      .reply(200, {})
      .get(`${REPO}/git/commits/${BASE}`)
      .reply(200, { sha: BASE, tree: { sha: "t0" } })
      .get(`${REPO}/git/trees/t0`)
      .query({ recursive: "1" })
      .reply(200, { tree: [] })
      .post(`${REPO}/git/blobs`)
      .times(2)
      .reply(201, { sha: "blob" })
      .post(`${REPO}/git/trees`)
      .reply(201, { sha: "t1" })
      .post(`${REPO}/git/commits`)
      .reply(201, { sha: "c1" })
      .post(`${REPO}/git/refs`)
      .reply(201, {});

    const outcome = await runJob(jobDeps, job(), context);

    expect(outcome).toMatchObject({
      status: "failed",
      stopReason: "low_confidence",
      branch: "codeforge/issue-12-add-format-clock-seconds-returning-h-mm",
    });
    const last = bodiesOf("PATCH", "/issues/comments/900").at(-1) ?? "";
    expect(last).toContain("### ❌ Failed after");
    expect(last).not.toContain("Done");
    expect(last).toContain("**Why it stopped:** The reviewer was too unsure");
    expect(last).toContain(
      "The last attempt is on branch `codeforge/issue-12-add-format-clock-seconds-returning-h-mm`.",
    );
    expect(http.requests.some((request) => request.url.endsWith("/pulls"))).toBe(false);
    await store.close();
  });

  it("pushes a fix to the branch of CodeForge's own PR, fast-forward only", async () => {
    const clock = { name: "test_clock", file: "tests/test_clock.py", outcome: "passed" as const };
    const { deps: jobDeps, store } = await deps(
      [plan, change],
      [{ tests: passing }, { tests: [...passing, clock] }],
    );
    const head = "h".repeat(40);
    http
      .scope(API)
      .post(`${REPO}/issues/12/comments`)
      .reply(201, { id: 900 })
      .get(REPO)
      .reply(200, { default_branch: "main", full_name: "octo/textkit" })
      .get(`${REPO}/pulls/12`)
      .reply(200, {
        head: { ref: "codeforge/issue-3-clock", sha: head, repo: { full_name: "octo/textkit" } },
        base: { ref: "main" },
        user: { login: "codeforge[bot]", type: "Bot" },
      })
      .get(`${REPO}/contents/.github%2Fcodeforge.yml`)
      .query({ ref: "main" })
      .reply(404, {})
      .get(`${REPO}/tarball/${head}`)
      .reply(200, fixtureTarball())
      .patch(`${REPO}/issues/comments/900`)
      .times(50)
      .optionally()
      .reply(200, {})
      .get(`${REPO}/git/commits/${head}`)
      .reply(200, { sha: head, tree: { sha: "t0" } })
      .get(`${REPO}/git/trees/t0`)
      .query({ recursive: "1" })
      .reply(200, { tree: [] })
      .post(`${REPO}/git/blobs`)
      .times(2)
      .reply(201, { sha: "blob" })
      .post(`${REPO}/git/trees`)
      .reply(201, { sha: "t1" })
      .post(`${REPO}/git/commits`)
      .reply(201, { sha: "c2" })
      .patch(`${REPO}/git/refs/heads%2Fcodeforge%2Fissue-3-clock`, { sha: "c2", force: false })
      .reply(200, {});

    const outcome = await runJob(
      jobDeps,
      job({ isPullRequest: true, command: { kind: "fix", text: "handle negatives" } }),
      context,
    );

    expect(outcome).toMatchObject({ status: "completed", branch: "codeforge/issue-3-clock" });
    expect(
      http.requests.some((request) => request.url.endsWith("/pulls") && request.method === "POST"),
    ).toBe(false);
    await store.close();
  });

  it("explains on a fork's PR that fix cannot push there, and starts nothing", async () => {
    const { deps: jobDeps, model, store } = await deps([], []);
    http
      .scope(API)
      .post(`${REPO}/issues/12/comments`)
      .reply(201, { id: 900 })
      .get(REPO)
      .reply(200, { default_branch: "main", full_name: "octo/textkit" })
      .get(`${REPO}/pulls/12`)
      .reply(200, {
        head: { ref: "main", sha: "f".repeat(40), repo: { full_name: "someone/textkit" } },
        base: { ref: "main" },
        user: { login: "someone", type: "User" },
      })
      .patch(`${REPO}/issues/comments/900`, (body) => body.body.includes("cannot push to a fork"))
      .reply(200, {});

    const outcome = await runJob(
      jobDeps,
      job({ isPullRequest: true, command: { kind: "fix", text: "x" } }),
      context,
    );

    expect(outcome.status).toBe("refused");
    expect(model.requests).toEqual([]);
    await store.close();
  });

  it("stops when the job is cancelled, says so and publishes nothing", async () => {
    const { deps: jobDeps, model, store } = await deps([plan, change], [{ tests: passing }]);
    startOfJob();
    http
      .scope(API)
      .get(`${REPO}/tarball/${BASE}`)
      .reply(200, fixtureTarball())
      .patch(`${REPO}/issues/comments/900`)
      .times(50)
      .optionally()
      .reply(200, {});
    const controller = new AbortController();
    controller.abort(new Error("cancelled with /codeforge cancel"));

    const outcome = await runJob(jobDeps, job(), { ...context, signal: controller.signal });

    expect(outcome).toMatchObject({ status: "failed", stopReason: "cancelled", branch: null });
    const last = bodiesOf("PATCH", "/issues/comments/900").at(-1) ?? "";
    expect(last).toContain("### ❌ Failed after");
    expect(last).toContain("**Why it stopped:** The run was cancelled.");
    expect(model.requests).toEqual([]);
    expect(
      http.requests.filter((request) => request.method !== "GET" && request.url.includes("/git/")),
    ).toEqual([]);
    await store.close();
  });

  it("refuses to start when the repository used the operator's daily budget", async () => {
    const { deps: jobDeps, model, store } = await deps([plan, change], []);
    const earlier = await store.tasks.create({
      prompt: "earlier",
      source: "app",
      repo: "octo/textkit",
    });
    await store.tasks.update(earlier.id, { totalCostUsd: 2.5 });
    const other = await store.tasks.create({
      prompt: "elsewhere",
      source: "app",
      repo: "octo/other",
    });
    await store.tasks.update(other.id, { totalCostUsd: 100 });
    startOfJob();
    http
      .scope(API)
      .patch(`${REPO}/issues/comments/900`, (body) =>
        body.body.includes("used today's CodeForge budget ($2.50 of $2.50"),
      )
      .reply(200, {});

    const outcome = await runJob(
      {
        ...jobDeps,
        repositorySpend: createRepositorySpend(store.db),
        settings: { ...jobDeps.settings, repositoryDailyBudgetUsd: 2.5 },
      },
      job(),
      context,
    );

    expect(outcome.status).toBe("refused");
    expect(model.requests).toEqual([]);
    await store.close();
  });

  it("hands an infrastructure fault back to the queue, and on the last attempt says so plainly", async () => {
    // No scripted test run: the repository runner fails as a broken sandbox would.
    const first = await deps([plan, change], []);
    startOfJob();
    http
      .scope(API)
      .get(`${REPO}/tarball/${BASE}`)
      .reply(200, fixtureTarball())
      .patch(`${REPO}/issues/comments/900`)
      .times(50)
      .optionally()
      .reply(200, {});

    await expect(runJob(first.deps, job(), context)).rejects.toThrow(/infrastructure fault/);
    expect(bodiesOf("PATCH", "/issues/comments/900").at(-1)).toContain("tries again shortly");
    await first.store.close();
    http.verify();

    const last = await deps([plan, change], []);
    // A retried job looks for its progress comment first.
    http.scope(API).get(`${REPO}/issues/12/comments`).query({ per_page: "100" }).reply(200, []);
    startOfJob();
    http
      .scope(API)
      .get(`${REPO}/tarball/${BASE}`)
      .reply(200, fixtureTarball())
      .patch(`${REPO}/issues/comments/900`)
      .times(50)
      .optionally()
      .reply(200, {});

    const outcome = await runJob(last.deps, job(), { ...context, retryCount: 2 });

    expect(outcome).toMatchObject({ status: "failed", stopReason: "error" });
    expect(bodiesOf("PATCH", "/issues/comments/900").at(-1)).toContain(
      "**Why it stopped:** An infrastructure fault stopped the run",
    );
    await last.store.close();
  });

  it("reports a model whose answer stayed invalid as an honest failure, never retried", async () => {
    const invalid: ScriptedReply = { text: "not json at all" };
    const first = await deps([invalid, invalid], [{ tests: [] }]);
    startOfJob();
    http
      .scope(API)
      .get(`${REPO}/tarball/${BASE}`)
      .reply(200, fixtureTarball())
      .patch(`${REPO}/issues/comments/900`)
      .times(50)
      .optionally()
      .reply(200, {});

    const outcome = await runJob(first.deps, job(), context);

    expect(outcome).toMatchObject({ status: "failed", stopReason: "error" });
    expect(bodiesOf("PATCH", "/issues/comments/900").at(-1)).not.toContain("tries again shortly");
    await first.store.close();
    http.verify();
  });
});
