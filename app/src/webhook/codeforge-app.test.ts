import { createHttpMock } from "@codeforge/core/testing";
import pino from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openQueueDatabase, type QueueDatabase } from "../queue/open-queue-database.js";
import { createTaskQueue, type TaskQueue } from "../queue/task-queue.js";
import {
  EXAMPLE_OWNER,
  EXAMPLE_REPO,
  INSTALLATION_ID,
  issueCommentPayload,
  reviewCommentPayload,
} from "../test-support/payloads.js";
import { codeForgeApp } from "./codeforge-app.js";

const http = await createHttpMock();
const API = "https://api.github.com";
const REPO = `/repos/${EXAMPLE_OWNER}/${EXAMPLE_REPO}`;
const ISSUE = 1;

let database: QueueDatabase;
let queue: TaskQueue;
let probot: Probot;
const logs: unknown[] = [];

beforeAll(async () => {
  database = await openQueueDatabase({ dataDir: "memory://" });
  queue = await createTaskQueue(database.boss);
  probot = new Probot({
    githubToken: "test",
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
    log: pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) }),
  });
  await probot.load(codeForgeApp({ queue }));
});
afterEach(() => http.verify());
afterAll(async () => {
  http.close();
  await database.close({ graceful: false });
});

let delivery = 0;
async function deliver(
  name: "issue_comment" | "pull_request_review_comment",
  payload: object,
  id?: string,
) {
  delivery += 1;
  await probot.receive({ id: id ?? `delivery-${delivery}`, name, payload } as never);
}

function permission(login: string, level: string) {
  return http
    .scope(API)
    .get(`${REPO}/collaborators/${login}/permission`)
    .reply(200, { permission: level, role_name: level, user: { login } });
}

describe("the webhook", () => {
  it("answers a writer's task with 👀 and queues one job", async () => {
    permission("Codertocat", "write");
    http
      .scope(API)
      .post(`${REPO}/issues/comments/1001/reactions`, { content: "eyes" })
      .reply(201, {});

    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge add a --json flag", commentId: 1001 }),
    );

    const jobs = await queue.threadJobs({
      owner: EXAMPLE_OWNER,
      repo: EXAMPLE_REPO,
      number: ISSUE,
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toMatchObject({
      installationId: INSTALLATION_ID,
      number: ISSUE,
      isPullRequest: false,
      commentId: 1001,
      author: "Codertocat",
      command: { kind: "task", text: "add a --json flag" },
    });
  });

  it("ignores a redelivery of the same comment: no second job, no second reaction", async () => {
    permission("Codertocat", "write");
    http.scope(API).post(`${REPO}/issues/comments/1002/reactions`).reply(201, {});
    http
      .scope(API)
      .post(`${REPO}/issues/${ISSUE}/comments`, (body) =>
        body.body.startsWith("Queued: one job is ahead"),
      )
      .reply(201, { id: 8 });
    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge x", commentId: 1002 }),
      "same",
    );
    permission("Codertocat", "write");

    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge x", commentId: 1002 }),
      "same",
    );

    const jobs = await queue.threadJobs({
      owner: EXAMPLE_OWNER,
      repo: EXAMPLE_REPO,
      number: ISSUE,
    });
    expect(jobs.filter((job) => job.data.commentId === 1002)).toHaveLength(1);
  });

  it("says so when a second command waits behind the thread's first", async () => {
    permission("Codertocat", "admin");
    http.scope(API).post(`${REPO}/issues/comments/1003/reactions`).reply(201, {});
    http
      .scope(API)
      .post(`${REPO}/issues/${ISSUE}/comments`, (body) =>
        /^Queued: 2 jobs are ahead/.test(body.body),
      )
      .reply(201, { id: 9 });

    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge also y", commentId: 1003 }),
    );
  });

  it("refuses a read-only user with one polite reply and queues nothing", async () => {
    permission("reader", "read");
    http
      .scope(API)
      .post(
        `${REPO}/issues/${ISSUE}/comments`,
        (body) => body.body.includes("Sorry @reader") && body.body.includes("`read`"),
      )
      .reply(201, { id: 10 });

    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge do it", login: "reader", commentId: 1004 }),
    );

    const jobs = await queue.threadJobs({
      owner: EXAMPLE_OWNER,
      repo: EXAMPLE_REPO,
      number: ISSUE,
    });
    expect(jobs.some((job) => job.data.commentId === 1004)).toBe(false);
  });

  it("ignores bots without a request, CodeForge itself included", async () => {
    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge loop", login: "codeforge[bot]", type: "Bot" }),
    );
    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge loop", login: "helper", type: "Bot" }),
    );
    expect(http.requests).toEqual([]);
  });

  it("ignores edited comments and comments without the trigger", async () => {
    await deliver(
      "issue_comment",
      issueCommentPayload({ body: "/codeforge again", action: "edited" }),
    );
    await deliver("issue_comment", issueCommentPayload({ body: "nice work, see docs/codeforge" }));
    expect(http.requests).toEqual([]);
  });

  it("answers help, and status with the thread's jobs", async () => {
    permission("Codertocat", "write");
    http
      .scope(API)
      .post(`${REPO}/issues/${ISSUE}/comments`, (body) =>
        body.body.includes("**CodeForge commands**"),
      )
      .reply(201, { id: 11 });
    await deliver("issue_comment", issueCommentPayload({ body: "/codeforge help" }));
    http.verify();

    permission("Codertocat", "write");
    http
      .scope(API)
      .post(`${REPO}/issues/${ISSUE}/comments`, {
        body: "CodeForge in this thread: 0 running, 3 waiting. The progress comment shows the running job's steps.",
      })
      .reply(201, { id: 12 });
    await deliver("issue_comment", issueCommentPayload({ body: "/codeforge status" }));
  });

  it("cancels the thread's jobs", async () => {
    permission("Codertocat", "write");
    http
      .scope(API)
      .post(`${REPO}/issues/${ISSUE}/comments`, (body) => body.body.startsWith("Cancelling 3 jobs"))
      .reply(201, { id: 13 });

    await deliver("issue_comment", issueCommentPayload({ body: "/codeforge cancel" }));

    expect(
      await queue.threadJobs({ owner: EXAMPLE_OWNER, repo: EXAMPLE_REPO, number: ISSUE }),
    ).toEqual([]);
  });

  it("takes commands from PR comments and PR review comments", async () => {
    permission("Codertocat", "write");
    http.scope(API).post(`${REPO}/issues/comments/2001/reactions`).reply(201, {});
    await deliver(
      "issue_comment",
      issueCommentPayload({
        body: "/codeforge fix the import",
        commentId: 2001,
        pullRequest: true,
      }),
    );
    permission("Codertocat", "write");
    const review = reviewCommentPayload({ body: "/codeforge rename this" });
    http.scope(API).post(`${REPO}/pulls/comments/${review.comment.id}/reactions`).reply(201, {});
    await deliver("pull_request_review_comment", review);

    const onPull = await queue.threadJobs({ owner: EXAMPLE_OWNER, repo: EXAMPLE_REPO, number: 1 });
    expect(onPull.find((job) => job.data.commentId === 2001)?.data).toMatchObject({
      isPullRequest: true,
      command: { kind: "fix", text: "the import" },
    });
    const onReview = await queue.threadJobs({
      owner: EXAMPLE_OWNER,
      repo: EXAMPLE_REPO,
      number: review.pull_request.number,
    });
    expect(onReview[0]?.data).toMatchObject({ commentKind: "review", isPullRequest: true });
  });
});
