/**
 * The one method of an Octokit that this package uses: `octokit.request(route, parameters)`.
 * Probot's `context.octokit`, `@octokit/rest` and `@actions/github`'s `getOctokit(token)` all
 * satisfy it, so the App and the Action pass their own client in.
 *
 * @example
 * await client.request("GET /repos/{owner}/{repo}", { owner: "octo", repo: "app" });
 */
export interface GitHubClient {
  request(
    route: string,
    parameters?: Record<string, unknown>,
  ): Promise<{ status: number; data: unknown }>;
}

/** A repository on GitHub. */
export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** The HTTP status of an Octokit `RequestError` (or any error with a numeric `status`). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}
