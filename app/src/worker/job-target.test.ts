import type { GitHubClient } from "@codeforge/github";
import { describe, expect, it } from "vitest";
import type { TaskJob } from "../queue/task-job.js";
import { resolveJobTarget } from "./job-target.js";

function client(pull?: object): GitHubClient {
  return {
    async request(route) {
      if (route === "GET /repos/{owner}/{repo}")
        return { status: 200, data: { default_branch: "main", full_name: "octo/app" } };
      if (route === "GET /repos/{owner}/{repo}/git/ref/{ref}")
        return { status: 200, data: { object: { sha: "base" } } };
      if (route === "GET /repos/{owner}/{repo}/pulls/{pull_number}" && pull)
        return { status: 200, data: pull };
      throw new Error(`unexpected ${route}`);
    },
  };
}

const job = (overrides: Partial<TaskJob>): TaskJob => ({
  deliveryId: "d",
  installationId: 1,
  owner: "octo",
  repo: "app",
  number: 5,
  isPullRequest: true,
  title: "t",
  body: "",
  commentId: 1,
  commentUrl: "u",
  commentKind: "issue",
  author: "alice",
  command: { kind: "task", text: "x" },
  ...overrides,
});

describe("resolveJobTarget", () => {
  it("starts an issue's task at the default branch and closes the issue", async () => {
    expect(await resolveJobTarget(client(), job({ isPullRequest: false }))).toMatchObject({
      ok: true,
      baseCommit: "base",
      mode: "create",
      pullBase: "main",
      fixes: 5,
    });
  });

  it("opens a PR into a person's PR branch, never pushing to it", async () => {
    const pull = {
      head: { ref: "feature", sha: "head", repo: { full_name: "octo/app" } },
      base: { ref: "main" },
      user: { login: "bob", type: "User" },
    };
    expect(await resolveJobTarget(client(pull), job({}))).toMatchObject({
      ok: true,
      baseCommit: "head",
      mode: "create",
      pullBase: "feature",
      branch: null,
      fixes: null,
      notice: null,
    });
  });

  it("works on a fork's PR from a branch of this repository, into the PR's base, and says so", async () => {
    const pull = {
      head: { ref: "main", sha: "forkhead", repo: { full_name: "eve/app" } },
      base: { ref: "release" },
      user: { login: "eve", type: "User" },
    };
    const target = await resolveJobTarget(client(pull), job({}));
    expect(target).toMatchObject({
      ok: true,
      baseCommit: "forkhead",
      mode: "create",
      pullBase: "release",
    });
    expect(target.ok && target.notice).toContain("cannot push to");
  });

  it("refuses fix on a person's PR and on an issue", async () => {
    const pull = {
      head: { ref: "codeforge/issue-1-x", sha: "h", repo: { full_name: "octo/app" } },
      base: { ref: "main" },
      user: { login: "bob", type: "User" },
    };
    const onPerson = await resolveJobTarget(
      client(pull),
      job({ command: { kind: "fix", text: "y" } }),
    );
    expect(onPerson.ok).toBe(false);
    expect(!onPerson.ok && onPerson.message).toContain("never pushes to a person's branch");
    const onIssue = await resolveJobTarget(
      client(),
      job({ isPullRequest: false, command: { kind: "fix", text: "y" } }),
    );
    expect(onIssue.ok).toBe(false);
  });
});
