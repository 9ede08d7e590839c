/**
 * `npm run bench:app`: webhook received → 👀 and job queued, p50/p99 over 200 signed
 * deliveries on loopback, against `codeforge-app server` (a child process) with a GitHub
 * stand-in on 127.0.0.1 and the queue on Postgres (CODEFORGE_BENCH_DATABASE_URL, else
 * CODEFORGE_TEST_DATABASE_URL, else the local test database). Twice: deliveries spaced 1.05 s
 * apart (what one person sees: Octokit paces content writes about a second apart, as GitHub
 * asks) and back to back (a burst, where that pacing queues the 👀). Also the server's memory at
 * rest and after the load. The queued jobs are deleted afterwards.
 */
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openQueueDatabase } from "../src/queue/open-queue-database.js";
import { TASK_QUEUE } from "../src/queue/task-queue.js";
import { generatePrivateKey, startAppProcess } from "../src/test-support/app-process.js";
import { signature, startGitHubStandIn } from "../src/test-support/github-stand-in.js";
import { issueCommentPayload } from "../src/test-support/payloads.js";

const DELIVERIES = 200;
const SECRET = "bench-secret";
const databaseUrl =
  process.env.CODEFORGE_BENCH_DATABASE_URL ??
  process.env.CODEFORGE_TEST_DATABASE_URL ??
  "postgres://codeforge:codeforge@127.0.0.1:5432/codeforge_test";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  server.close();
  return typeof address === "object" && address ? address.port : 0;
}

const github = await startGitHubStandIn();
const app = await startAppProcess(
  "server",
  {
    APP_ID: "1",
    PRIVATE_KEY: generatePrivateKey(),
    WEBHOOK_SECRET: SECRET,
    PORT: String(await freePort()),
    HOST: "127.0.0.1",
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    DATABASE_URL: databaseUrl,
    CODEFORGE_LOG_LEVEL: "error",
  },
  await mkdtemp(join(tmpdir(), "codeforge-app-bench-")),
);
const atRest = rssMb(app.child.pid);
const base = Date.now() % 1_000_000_000;
let sequence = 0;

/** Sends `count` deliveries, `gapMs` apart, and returns the 👀 and 200-OK latencies. */
async function deliver(
  count: number,
  gapMs: number,
): Promise<{ reacted: number[]; answered: number[] }> {
  const reacted: number[] = [];
  const answered: number[] = [];
  for (let index = 0; index < count; index += 1) {
    sequence += 1;
    const commentId = base * 1000 + sequence;
    const payload = issueCommentPayload({ body: "/codeforge add a --json flag", commentId });
    payload.issue.number = 100_000 + sequence;
    const body = JSON.stringify(payload);
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${app.port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": `bench-${commentId}`,
        "x-hub-signature-256": signature(SECRET, body),
      },
      body,
    });
    if (!response.ok) throw new Error(`delivery ${sequence} answered ${response.status}`);
    const done = performance.now();
    const reaction = await github.waitFor(
      (request) => request.path.endsWith(`/issues/comments/${commentId}/reactions`),
      30_000,
    );
    answered.push(done - started);
    reacted.push(reaction.at - started);
    const wait = gapMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return { reacted, answered };
}

try {
  // The first delivery loads the webhook and installation-auth code: left out of the figures.
  await deliver(1, 1050);
  const spaced = await deliver(DELIVERIES, 1050);
  const burst = await deliver(DELIVERIES, 0);
  const underLoad = rssMb(app.child.pid);
  const line = (name: string, values: number[]) =>
    `${name.padEnd(44)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms   max ${Math.max(
      ...values,
    )
      .toFixed(1)
      .padStart(7)} ms`;
  process.stdout.write(
    [
      `codeforge-app server, ${DELIVERIES} signed deliveries on loopback per run, queue on Postgres`,
      line("spaced 1.05 s: webhook → 👀 posted", spaced.reacted),
      line("spaced 1.05 s: webhook → 👀 + queued (200 OK)", spaced.answered),
      line("back to back: webhook → 👀 posted", burst.reacted),
      line("back to back: webhook → 👀 + queued (200 OK)", burst.answered),
      `server memory (RSS): ${atRest} MB at rest, ${underLoad} MB after the load`,
      "",
    ].join("\n"),
  );
} finally {
  await app.stop();
  await github.close();
  const queue = await openQueueDatabase({ databaseUrl }, { supervise: false });
  await queue.boss.deleteAllJobs(TASK_QUEUE);
  await queue.close({ graceful: false });
}
