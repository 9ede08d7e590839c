import { z } from "zod";
import type { GitHubClient, RepositoryRef } from "../github-client.js";

/** What {@link openPullRequest} opens. */
export interface OpenPullRequestOptions extends RepositoryRef {
  /** The branch with the changes. */
  head: string;
  /** The branch to merge into. */
  base: string;
  title: string;
  body: string;
  draft?: boolean;
}

/** The pull request GitHub made. */
export interface OpenedPullRequest {
  number: number;
  url: string;
}

const PullSchema = z.object({ number: z.number(), html_url: z.string() });

/** Opens a pull request (`POST /repos/{owner}/{repo}/pulls`). */
export async function openPullRequest(
  client: GitHubClient,
  options: OpenPullRequestOptions,
): Promise<OpenedPullRequest> {
  const { data } = await client.request("POST /repos/{owner}/{repo}/pulls", {
    owner: options.owner,
    repo: options.repo,
    head: options.head,
    base: options.base,
    title: options.title,
    body: options.body,
    draft: options.draft ?? false,
  });
  const pull = PullSchema.parse(data);
  return { number: pull.number, url: pull.html_url };
}
