import type { FileChange } from "@codeforge/core";
import { z } from "zod";
import { type GitHubClient, type RepositoryRef, statusOf } from "../github-client.js";

/** What {@link publishChanges} writes. */
export interface PublishChangesOptions extends RepositoryRef {
  /** The branch to write, without `refs/heads/`. */
  branch: string;
  /** The commit the changes apply to; the new commit's parent. */
  baseCommit: string;
  changes: readonly FileChange[];
  message: string;
  /**
   * `create` (the default) makes a new branch and, when the name is taken, tries `name-2`,
   * `name-3` …; `update` moves an existing branch forward (a fast-forward, never forced), as
   * `/codeforge fix` does on a PR's branch.
   */
  mode?: "create" | "update";
}

/** Where the changes went. */
export interface PublishedCommit {
  branch: string;
  commitSha: string;
  treeSha: string;
}

const ShaSchema = z.object({ sha: z.string() });
const CommitSchema = z.object({ sha: z.string(), tree: z.object({ sha: z.string() }) });
const EXECUTABLE = "100755";
const REGULAR = "100644";
const NAME_ATTEMPTS = 20;

/**
 * Commits `changes` on top of `baseCommit` through the Git Data API — one blob per changed
 * file, a tree on the base tree (deletions as `sha: null`), a commit, then the branch's ref —
 * with no git binary and no clone. Faults of the API throw (Octokit's `RequestError`).
 *
 * @example
 * const { branch, commitSha } = await publishChanges(octokit, {
 *   owner, repo, branch: "codeforge/issue-7-parse-dates", baseCommit: sha, changes, message,
 * });
 */
export async function publishChanges(
  client: GitHubClient,
  options: PublishChangesOptions,
): Promise<PublishedCommit> {
  const { owner, repo } = options;
  const base = CommitSchema.parse(
    (
      await client.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", {
        owner,
        repo,
        commit_sha: options.baseCommit,
      })
    ).data,
  );
  const modes = await existingModes(client, options, base.tree.sha);
  const entries: Array<{ path: string; mode: string; type: "blob"; sha: string | null }> = [];
  for (const change of options.changes) {
    const mode = modes.get(change.path) ?? REGULAR;
    if (change.content === null) {
      entries.push({ path: change.path, mode, type: "blob", sha: null });
      continue;
    }
    const blob = ShaSchema.parse(
      (
        await client.request("POST /repos/{owner}/{repo}/git/blobs", {
          owner,
          repo,
          content: Buffer.from(change.content, "utf8").toString("base64"),
          encoding: "base64",
        })
      ).data,
    );
    entries.push({ path: change.path, mode, type: "blob", sha: blob.sha });
  }
  const tree = ShaSchema.parse(
    (
      await client.request("POST /repos/{owner}/{repo}/git/trees", {
        owner,
        repo,
        base_tree: base.tree.sha,
        tree: entries,
      })
    ).data,
  );
  const commit = ShaSchema.parse(
    (
      await client.request("POST /repos/{owner}/{repo}/git/commits", {
        owner,
        repo,
        message: options.message,
        tree: tree.sha,
        parents: [options.baseCommit],
      })
    ).data,
  );
  const branch =
    options.mode === "update"
      ? await updateBranch(client, options, commit.sha)
      : await createBranch(client, options, commit.sha);
  return { branch, commitSha: commit.sha, treeSha: tree.sha };
}

/** Modes of the files the changes touch, so an executable script stays executable. */
async function existingModes(
  client: GitHubClient,
  options: PublishChangesOptions,
  treeSha: string,
): Promise<Map<string, string>> {
  const modes = new Map<string, string>();
  if (options.changes.length === 0) return modes;
  const { data } = await client.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
    owner: options.owner,
    repo: options.repo,
    tree_sha: treeSha,
    recursive: "1",
  });
  const parsed = z
    .object({ tree: z.array(z.object({ path: z.string(), mode: z.string() })) })
    .safeParse(data);
  if (!parsed.success) return modes;
  const wanted = new Set(options.changes.map((change) => change.path));
  for (const entry of parsed.data.tree) {
    if (wanted.has(entry.path) && entry.mode === EXECUTABLE) modes.set(entry.path, EXECUTABLE);
  }
  return modes;
}

async function createBranch(
  client: GitHubClient,
  options: PublishChangesOptions,
  sha: string,
): Promise<string> {
  for (let attempt = 1; attempt <= NAME_ATTEMPTS; attempt += 1) {
    const branch = attempt === 1 ? options.branch : `${options.branch}-${attempt}`;
    try {
      await client.request("POST /repos/{owner}/{repo}/git/refs", {
        owner: options.owner,
        repo: options.repo,
        ref: `refs/heads/${branch}`,
        sha,
      });
      return branch;
    } catch (error) {
      // 422 "Reference already exists": an earlier run took the name.
      if (statusOf(error) !== 422) throw error;
    }
  }
  throw new Error(
    `Branches ${options.branch} to ${options.branch}-${NAME_ATTEMPTS} all exist: delete old CodeForge branches or change the branch template`,
  );
}

async function updateBranch(
  client: GitHubClient,
  options: PublishChangesOptions,
  sha: string,
): Promise<string> {
  await client.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
    owner: options.owner,
    repo: options.repo,
    ref: `heads/${options.branch}`,
    sha,
    force: false,
  });
  return options.branch;
}
