import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fixtureTarball } from "./fixture-tarball.js";

/** A request the stand-in received. */
export interface StandInRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

/** A small GitHub API on 127.0.0.1, as GHES serves it under `/api/v3`, recording every request. */
export interface GitHubStandIn {
  /** `127.0.0.1:port`, for GHE_HOST. */
  host: string;
  requests: StandInRequest[];
  /** Waits until a request matching `predicate` arrives. */
  waitFor(
    predicate: (request: StandInRequest) => boolean,
    timeoutMs?: number,
  ): Promise<StandInRequest>;
  close(): Promise<void>;
}

const BASE = "a".repeat(40);

/**
 * Starts the stand-in: every collaborator has `permission` (default write), the repository's
 * default branch is `main` at a fixed commit whose tarball is the Python fixture, there is no
 * `.github/codeforge.yml`, and writes (comments, reactions, blobs, trees, commits, refs, pulls)
 * are answered as GitHub does.
 */
export async function startGitHubStandIn(
  options: { permission?: string } = {},
): Promise<GitHubStandIn> {
  const requests: StandInRequest[] = [];
  const waiters: Array<{
    predicate: (request: StandInRequest) => boolean;
    resolve: (request: StandInRequest) => void;
  }> = [];
  const tarball = fixtureTarball();
  let nextId = 1000;
  const comments = new Map<number, string>();
  const server: Server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const path = decodeURIComponent(
      (request.url ?? "").replace(/^\/api\/v3/, "").split("?")[0] ?? "",
    );
    const body = text ? JSON.parse(text) : undefined;
    const recorded = { method: request.method ?? "GET", path, body, at: performance.now() };
    requests.push(recorded);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(recorded)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    const route = `${recorded.method} ${path}`;
    let match: RegExpMatchArray | null;
    match = route.match(/^POST \/app\/installations\/(\d+)\/access_tokens$/);
    if (match) {
      return json(201, {
        token: `ghs_standin${match[1]}token000000000000`,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
    }
    if (/^GET \/repos\/[^/]+\/[^/]+\/collaborators\/[^/]+\/permission$/.test(route)) {
      return json(200, { permission: options.permission ?? "write" });
    }
    if (/\/reactions$/.test(path)) return json(201, { id: 1, content: "eyes" });
    match = route.match(/^POST \/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/);
    if (match) {
      const id = nextId++;
      comments.set(id, (body as { body: string }).body);
      return json(201, {
        id,
        html_url: `https://github.example/${match[1]}/${match[2]}/issues/${match[3]}#issuecomment-${id}`,
      });
    }
    match = route.match(/^PATCH \/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/);
    if (match) {
      comments.set(Number(match[1]), (body as { body: string }).body);
      return json(200, { id: Number(match[1]) });
    }
    if (/^GET \/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(route)) {
      return json(
        200,
        [...comments].map(([id, commentBody]) => ({ id, body: commentBody })),
      );
    }
    match = route.match(/^GET \/repos\/([^/]+)\/([^/]+)$/);
    if (match) {
      return json(200, { default_branch: "main", full_name: `${match[1]}/${match[2]}` });
    }
    if (/^GET \/repos\/[^/]+\/[^/]+\/git\/ref\/heads\/main$/.test(route))
      return json(200, { object: { sha: BASE } });
    if (/^GET \/repos\/[^/]+\/[^/]+\/contents\//.test(route))
      return json(404, { message: "Not Found" });
    if (/^GET \/repos\/[^/]+\/[^/]+\/tarball\//.test(route)) {
      response.writeHead(200, { "content-type": "application/x-gzip" });
      response.end(tarball);
      return;
    }
    if (/^GET \/repos\/[^/]+\/[^/]+\/git\/commits\//.test(route))
      return json(200, { sha: BASE, tree: { sha: "tree0" } });
    if (/^GET \/repos\/[^/]+\/[^/]+\/git\/trees\//.test(route)) return json(200, { tree: [] });
    if (/^POST \/repos\/[^/]+\/[^/]+\/git\/(blobs|trees|commits)$/.test(route))
      return json(201, { sha: `sha${nextId++}` });
    if (/^POST \/repos\/[^/]+\/[^/]+\/git\/refs$/.test(route))
      return json(201, { ref: (body as { ref: string }).ref });
    match = route.match(/^POST \/repos\/([^/]+)\/([^/]+)\/pulls$/);
    if (match) {
      return json(201, {
        number: 77,
        html_url: `https://github.example/${match[1]}/${match[2]}/pull/77`,
      });
    }
    json(404, { message: `the stand-in has no ${route}` });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    waitFor(predicate, timeoutMs = 60_000) {
      const found = requests.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the stand-in saw no such request in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          predicate,
          resolve: (request) => {
            clearTimeout(timer);
            resolve(request);
          },
        });
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Signs a delivery body as GitHub does (`X-Hub-Signature-256`). */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
