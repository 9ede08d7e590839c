import { afterAll, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./test-support/github-stand-in.js";
import { runBundle } from "./test-support/run-bundle.js";

const github = await startGitHubStandIn({ repository: "octo/textkit", writers: ["mona"] });
afterAll(() => github.close());

/** A comment-triggered run: everything up to the guards, which answer before Docker or a model. */
function commentRun(user: { login: string; type: string }, body = "/codeforge add a clock") {
  return runBundle({
    inputs: {
      "github-token": "ghs_guardtoken0123456789abcdef",
      "openai-api-key": "sk-guard-0123456789",
    },
    env: { GITHUB_API_URL: github.apiUrl, GITHUB_REPOSITORY: "octo/textkit" },
    event: {
      name: "issue_comment",
      payload: {
        issue: { number: 3, title: "t", body: "" },
        comment: { body, user },
        sender: user,
      },
    },
  });
}

const SECRET = "sk-proj-bundle-secret-0123456789abcdef";

describe("the bundle, started as the runner starts it", () => {
  it("fails on invalid inputs, naming every one, and never shows a secret input", async () => {
    const run = await runBundle({
      inputs: {
        mode: "bench",
        "max-retries": "12",
        shard: "3/2",
        "openai-api-key": SECRET,
        "github-token": "ghs_bundlesecrettoken0123456789",
      },
    });

    expect(run.exitCode).toBe(1);
    expect(run.log).toContain(`::add-mask::${SECRET}`);
    expect(run.log).toContain('input "mode": must be one of task, benchmark');
    expect(run.log).toContain('input "max-retries": must be a whole number between 0 and 10');
    expect(run.log).toContain('input "shard": must be i/n');
    expect(run.outputs.status).toBe("failed");
    expect(run.summary).toContain("The action could not run");
    expect(run.summary).toContain('input "mode"');
    const shown = run.log
      .replace(`::add-mask::${SECRET}`, "")
      .replace("::add-mask::ghs_bundlesecrettoken0123456789", "");
    for (const text of [shown, run.outputFile, run.summary]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("ghs_bundlesecrettoken0123456789");
    }
  }, 60_000);

  it("skips a comment by someone without write permission, after asking the API", async () => {
    const run = await commentRun({ login: "visitor", type: "User" });

    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("skipped");
    expect(run.summary).toContain("visitor has read permission on octo/textkit");
    expect(github.calls.at(-1)?.path).toBe("/repos/octo/textkit/collaborators/visitor/permission");
  }, 60_000);

  it("never lets a bot trigger, without asking the API", async () => {
    const before = github.calls.length;
    const run = await commentRun({ login: "codeforge[bot]", type: "Bot" });

    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("skipped");
    expect(run.summary).toContain("bots never trigger CodeForge");
    expect(github.calls.length).toBe(before);
  }, 60_000);

  it("does nothing for a comment without the trigger phrase", async () => {
    const run = await commentRun({ login: "mona", type: "User" }, "looks good to me");

    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("skipped");
  }, 60_000);

  it("says a fork's pull request gets no secrets and exits cleanly", async () => {
    const run = await runBundle({
      inputs: {},
      event: {
        name: "pull_request",
        payload: {
          pull_request: {
            number: 5,
            head: { repo: { full_name: "someone/textkit" } },
            base: { repo: { full_name: "octo/textkit" } },
          },
        },
      },
    });

    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("skipped");
    expect(run.log).toContain("pull request from the fork someone/textkit");
  }, 60_000);
});
