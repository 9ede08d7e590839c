import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the GitHub stand-in received. */
export interface GitHubCall {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

/** A GitHub REST API stand-in on 127.0.0.1 for `GITHUB_API_URL`. */
export interface GitHubStandIn {
  apiUrl: string;
  calls: GitHubCall[];
  /** Requests no route answered (each got a 404). */
  unmatched: GitHubCall[];
  close(): Promise<void>;
}

type Route = [method: string, pattern: RegExp, answer: (call: GitHubCall) => [number, unknown]];

/**
 * Starts the parts of GitHub's REST API a task run uses: the collaborator permission (write
 * for everyone in `writers`, read otherwise), the Git Data API (commits, trees, blobs, refs)
 * and `POST /pulls`, for the repository `owner/repo`.
 */
export async function startGitHubStandIn(options: {
  repository: string;
  writers: readonly string[];
}): Promise<GitHubStandIn> {
  const calls: GitHubCall[] = [];
  const unmatched: GitHubCall[] = [];
  const base = `/repos/${options.repository}`;
  let blobs = 0;
  const routes: Route[] = [
    [
      "GET",
      new RegExp(`^${base}/collaborators/([^/]+)/permission$`),
      (call) => {
        const user = decodeURIComponent(call.path.split("/").at(-2) ?? "");
        return [200, { permission: options.writers.includes(user) ? "write" : "read" }];
      },
    ],
    [
      "GET",
      new RegExp(`^${base}/git/commits/([0-9a-f]+)$`),
      (call) => [200, { sha: call.path.split("/").at(-1), tree: { sha: "tree-base" } }],
    ],
    [
      "GET",
      new RegExp(`^${base}/git/trees/tree-base`),
      () => [200, { sha: "tree-base", tree: [{ path: "textkit/durations.py", mode: "100644" }] }],
    ],
    ["POST", new RegExp(`^${base}/git/blobs$`), () => [201, { sha: `blob-${++blobs}` }]],
    ["POST", new RegExp(`^${base}/git/trees$`), () => [201, { sha: "tree-new" }]],
    [
      "POST",
      new RegExp(`^${base}/git/commits$`),
      () => [201, { sha: "commit-new", tree: { sha: "tree-new" } }],
    ],
    [
      "POST",
      new RegExp(`^${base}/git/refs$`),
      (call) => [201, { ref: call.body?.ref, object: { sha: "commit-new" } }],
    ],
    [
      "POST",
      new RegExp(`^${base}/pulls$`),
      () => [201, { number: 12, html_url: `https://github.example/${options.repository}/pull/12` }],
    ],
  ];
  const server: Server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const call: GitHubCall = {
      method: request.method ?? "GET",
      path: (request.url ?? "/").split("?")[0] ?? "/",
      body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>),
      authorization: request.headers.authorization,
    };
    calls.push(call);
    const route = routes.find(
      ([method, pattern]) => method === call.method && pattern.test(call.path),
    );
    const [status, body] = route ? route[2](call) : [404, { message: "Not Found" }];
    if (!route) unmatched.push(call);
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    calls,
    unmatched,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
