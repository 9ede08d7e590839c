import type { GitHubClient } from "@codeforge/github";
import { z } from "zod";
import type { TaskJob } from "../queue/task-job.js";

/** Where a job's changes start from and where they go. */
export type JobTarget =
  | {
      ok: true;
      defaultBranch: string;
      /** The commit the snapshot is read at and the changes apply to. */
      baseCommit: string;
      /** `create`: a new branch and a PR into `pullBase`; `update`: push to `branch` (a fix on CodeForge's own PR). */
      mode: "create" | "update";
      /** The branch a new PR merges into. */
      pullBase: string;
      /** The branch to push to in `update` mode. */
      branch: string | null;
      /** The issue a new PR closes; null for work on a pull request. */
      fixes: number | null;
      /** Said on the thread before the run (a fork's PR). */
      notice: string | null;
    }
  | { ok: false; message: string };

const RepositorySchema = z.object({ default_branch: z.string(), full_name: z.string() });
const RefSchema = z.object({ object: z.object({ sha: z.string() }) });
const PullSchema = z.object({
  head: z.object({
    ref: z.string(),
    sha: z.string(),
    repo: z.object({ full_name: z.string() }).nullable(),
  }),
  base: z.object({ ref: z.string() }),
  user: z.object({ login: z.string(), type: z.string() }),
});

/** The prefix of the branches CodeForge makes: a PR whose head starts so, opened by a bot, is CodeForge's. */
export const OWN_BRANCH_PREFIX = "codeforge/";

/**
 * Decides what a job works on: an issue's task starts at the default branch's head; a task on
 * someone's PR starts at its head and opens a PR into its branch (never pushing to a person's
 * branch); `fix` pushes to the branch of a PR CodeForge opened; a fork's PR gets a PR from a
 * branch in this repository, since CodeForge cannot push to a fork.
 */
export async function resolveJobTarget(client: GitHubClient, job: TaskJob): Promise<JobTarget> {
  const repository = { owner: job.owner, repo: job.repo };
  const repo = RepositorySchema.parse(
    (await client.request("GET /repos/{owner}/{repo}", repository)).data,
  );
  if (!job.isPullRequest) {
    if (job.command.kind === "fix") {
      return {
        ok: false,
        message:
          "`fix` works on a pull request CodeForge opened. On an issue, describe the task: `/codeforge <task>`.",
      };
    }
    const head = RefSchema.parse(
      (
        await client.request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
          ...repository,
          ref: `heads/${repo.default_branch}`,
        })
      ).data,
    );
    return {
      ok: true,
      defaultBranch: repo.default_branch,
      baseCommit: head.object.sha,
      mode: "create",
      pullBase: repo.default_branch,
      branch: null,
      fixes: job.number,
      notice: null,
    };
  }
  const pull = PullSchema.parse(
    (
      await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        ...repository,
        pull_number: job.number,
      })
    ).data,
  );
  const fromFork = pull.head.repo?.full_name.toLowerCase() !== repo.full_name.toLowerCase();
  const ownPull = pull.user.type === "Bot" && pull.head.ref.startsWith(OWN_BRANCH_PREFIX);
  if (job.command.kind === "fix") {
    if (fromFork || !ownPull) {
      return {
        ok: false,
        message: fromFork
          ? "This pull request comes from a fork, and CodeForge cannot push to a fork. Comment `/codeforge <task>` instead: CodeForge then opens a pull request from a branch in this repository."
          : "`fix` pushes to pull requests CodeForge opened, and this one is not: CodeForge never pushes to a person's branch unasked. Comment `/codeforge <task>` to get a pull request into this branch instead.",
      };
    }
    return {
      ok: true,
      defaultBranch: repo.default_branch,
      baseCommit: pull.head.sha,
      mode: "update",
      pullBase: pull.base.ref,
      branch: pull.head.ref,
      fixes: null,
      notice: null,
    };
  }
  return {
    ok: true,
    defaultBranch: repo.default_branch,
    baseCommit: pull.head.sha,
    mode: "create",
    // A fork's branch cannot be a PR's base here: the new PR goes into the fork PR's own base.
    pullBase: fromFork ? pull.base.ref : pull.head.ref,
    branch: null,
    fixes: null,
    notice: fromFork
      ? `This pull request comes from a fork, which CodeForge cannot push to. It works on the PR's head and opens a new pull request from a branch in this repository into \`${pull.base.ref}\`.`
      : null,
  };
}
