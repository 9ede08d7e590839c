import { createHttpMock } from "@codeforge/core/testing";
import { Octokit } from "@octokit/core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openPullRequest } from "./open-pull-request.js";
import { publishChanges } from "./publish-changes.js";

const http = await createHttpMock();
afterEach(() => http.verify());
afterAll(() => http.close());

const API = "https://api.github.com";
const octokit = new Octokit({ auth: "test" });
const repo = "/repos/octo/app";

describe("publishChanges", () => {
  it("writes blobs, a tree on the base tree, a commit and a new branch", async () => {
    http
      .scope(API)
      .get(`${repo}/git/commits/base1`)
      .reply(200, { sha: "base1", tree: { sha: "tree0" } })
      .get(`${repo}/git/trees/tree0`)
      .query({ recursive: "1" })
      .reply(200, {
        tree: [
          { path: "run.sh", mode: "100755", type: "blob", sha: "a" },
          { path: "src/app.py", mode: "100644", type: "blob", sha: "b" },
        ],
      })
      .post(`${repo}/git/blobs`)
      .reply(201, { sha: "blob1" })
      .post(`${repo}/git/blobs`)
      .reply(201, { sha: "blob2" })
      .post(`${repo}/git/trees`)
      .reply(201, { sha: "tree1" })
      .post(`${repo}/git/commits`)
      .reply(201, { sha: "commit1" })
      .post(`${repo}/git/refs`)
      .reply(201, { ref: "refs/heads/codeforge/issue-1-x" });

    const published = await publishChanges(octokit, {
      owner: "octo",
      repo: "app",
      branch: "codeforge/issue-1-x",
      baseCommit: "base1",
      message: "Parse dates",
      changes: [
        { path: "src/app.py", content: "print('é')\n" },
        { path: "run.sh", content: "#!/bin/sh\n" },
        { path: "old.txt", content: null },
      ],
    });

    expect(published).toEqual({
      branch: "codeforge/issue-1-x",
      commitSha: "commit1",
      treeSha: "tree1",
    });
    const bodies = http.requests.filter((request) => request.method === "POST").map((r) => r.json);
    expect(bodies).toEqual([
      { content: Buffer.from("print('é')\n").toString("base64"), encoding: "base64" },
      { content: Buffer.from("#!/bin/sh\n").toString("base64"), encoding: "base64" },
      {
        base_tree: "tree0",
        tree: [
          { path: "src/app.py", mode: "100644", type: "blob", sha: "blob1" },
          { path: "run.sh", mode: "100755", type: "blob", sha: "blob2" },
          { path: "old.txt", mode: "100644", type: "blob", sha: null },
        ],
      },
      { message: "Parse dates", tree: "tree1", parents: ["base1"] },
      { ref: "refs/heads/codeforge/issue-1-x", sha: "commit1" },
    ]);
  });

  it("takes the next free name when the branch exists", async () => {
    http
      .scope(API)
      .get(`${repo}/git/commits/base1`)
      .reply(200, { sha: "base1", tree: { sha: "tree0" } })
      .post(`${repo}/git/trees`)
      .reply(201, { sha: "tree1" })
      .post(`${repo}/git/commits`)
      .reply(201, { sha: "commit1" })
      .post(`${repo}/git/refs`)
      .reply(422, { message: "Reference already exists" })
      .post(`${repo}/git/refs`)
      .reply(201, {});

    const published = await publishChanges(octokit, {
      owner: "octo",
      repo: "app",
      branch: "codeforge/issue-1-x",
      baseCommit: "base1",
      message: "m",
      changes: [],
    });

    expect(published.branch).toBe("codeforge/issue-1-x-2");
  });

  it("moves an existing branch forward without force in update mode", async () => {
    http
      .scope(API)
      .get(`${repo}/git/commits/head1`)
      .reply(200, { sha: "head1", tree: { sha: "tree0" } })
      .get(`${repo}/git/trees/tree0`)
      .query({ recursive: "1" })
      .reply(200, { tree: [] })
      .post(`${repo}/git/blobs`)
      .reply(201, { sha: "blob1" })
      .post(`${repo}/git/trees`)
      .reply(201, { sha: "tree1" })
      .post(`${repo}/git/commits`)
      .reply(201, { sha: "commit2" })
      .patch(`${repo}/git/refs/heads%2Fcodeforge%2Fissue-1-x`)
      .reply(200, {});

    await publishChanges(octokit, {
      owner: "octo",
      repo: "app",
      branch: "codeforge/issue-1-x",
      baseCommit: "head1",
      message: "Fix",
      changes: [{ path: "a.py", content: "x = 1\n" }],
      mode: "update",
    });

    expect(http.requests.at(-1)?.json).toEqual({ sha: "commit2", force: false });
  });
});

describe("openPullRequest", () => {
  it("posts the pull request and returns its number and URL", async () => {
    http
      .scope(API)
      .post(`${repo}/pulls`, {
        head: "codeforge/issue-1-x",
        base: "main",
        title: "Parse dates",
        body: "Fixes #1",
        draft: true,
      })
      .reply(201, { number: 9, html_url: "https://github.com/octo/app/pull/9" });

    const pull = await openPullRequest(octokit, {
      owner: "octo",
      repo: "app",
      head: "codeforge/issue-1-x",
      base: "main",
      title: "Parse dates",
      body: "Fixes #1",
      draft: true,
    });

    expect(pull).toEqual({ number: 9, url: "https://github.com/octo/app/pull/9" });
  });
});
