/**
 * Part of `npm run bench:app`: jobs per minute through one and two workers (`codeforge-app
 * server` and `worker` child processes on Postgres), each job a real repository task on the
 * Python fixture with a scripted model behind an OpenAI-wire stand-in and the real sandbox, and
 * a worker's memory at rest and under load.
 */
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openQueueDatabase } from "../src/queue/open-queue-database.js";
import { TASK_QUEUE } from "../src/queue/task-queue.js";
import {
  type AppProcess,
  generatePrivateKey,
  startAppProcess,
} from "../src/test-support/app-process.js";
import { signature, startGitHubStandIn } from "../src/test-support/github-stand-in.js";
import { startOpenAIStandIn } from "../src/test-support/openai-stand-in.js";
import { issueCommentPayload } from "../src/test-support/payloads.js";

const JOBS = Number(process.env.CODEFORGE_BENCH_APP_JOBS ?? 6);
const SECRET = "throughput-secret";
const databaseUrl =
  process.env.CODEFORGE_BENCH_DATABASE_URL ??
  process.env.CODEFORGE_TEST_DATABASE_URL ??
  "postgres://codeforge:codeforge@127.0.0.1:5432/codeforge_test";

const plan = {
  reasoning: "a new module and its test",
  subtasks: [{ id: 1, description: "add shout", dependencies: [], estimated_complexity: "simple" }],
  files: ["textkit/slug.py"],
};
const change = {
  changes: [
    {
      path: "textkit/shout.py",
      content: "def shout(text: str) -> str:\n    return text.upper() + '!'\n",
    },
    {
      path: "tests/test_shout.py",
      content:
        "from textkit.shout import shout\n\n\ndef test_shout():\n    assert shout('hi') == 'HI!'\n",
    },
  ],
  explanation: "adds shout",
};

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

const queue = await openQueueDatabase({ databaseUrl }, { supervise: false });
await queue.boss.deleteAllJobs(TASK_QUEUE);
await queue.close({ graceful: false });

const lines: string[] = [];
for (const workers of [1, 2]) {
  const github = await startGitHubStandIn();
  // The answer follows the schema asked for, so concurrent jobs each get a plan, then changes.
  const openai = await startOpenAIStandIn(() => undefined);
  openai.answerBy((body) => {
    const request = body as {
      response_format?: unknown;
      messages?: Array<{ role: string; content: string }>;
    };
    const schema = `${JSON.stringify(request.response_format ?? "")}${request.messages?.find((message) => message.role === "system")?.content ?? ""}`;
    return schema.includes("subtasks") ? plan : change;
  });
  const cwd = await mkdtemp(join(tmpdir(), "codeforge-app-throughput-"));
  const env = {
    APP_ID: "1",
    PRIVATE_KEY: generatePrivateKey(),
    WEBHOOK_SECRET: SECRET,
    PORT: String(await freePort()),
    HOST: "127.0.0.1",
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    DATABASE_URL: databaseUrl,
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: openai.baseUrl,
    OLLAMA_HOST: "http://127.0.0.1:9",
    CODEFORGE_ROUTING_SIMPLE_MODEL: "openai/gpt-4o-mini",
    CODEFORGE_REPAIR_BACKOFF_BASE_SECONDS: "0",
    CODEFORGE_LOG_LEVEL: "info",
    CODEFORGE_LOG_FORMAT: "json",
  };
  const processes: AppProcess[] = [];
  try {
    const server = await startAppProcess("server", env, cwd);
    processes.push(server);
    for (let index = 0; index < workers; index += 1)
      processes.push(await startAppProcess("worker", env, cwd));
    const atRest = rssMb(processes[1]?.child.pid);
    let peak = atRest;
    const sampler = setInterval(() => {
      for (const worker of processes.slice(1)) peak = Math.max(peak, rssMb(worker.child.pid));
    }, 500);
    const base = Date.now() % 1_000_000_000;
    const started = performance.now();
    for (let index = 0; index < JOBS; index += 1) {
      const commentId = base * 100 + index;
      const payload = issueCommentPayload({
        body: "/codeforge Add shout(text) in textkit/shout.py",
        commentId,
      });
      payload.issue.number = 200_000 + (base % 100_000) * 10 + index;
      const body = JSON.stringify(payload);
      await fetch(`http://127.0.0.1:${server.port}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "issue_comment",
          "x-github-delivery": `throughput-${commentId}`,
          "x-hub-signature-256": signature(SECRET, body),
        },
        body,
      });
    }
    const deadline = Date.now() + 15 * 60_000;
    while (
      github.requests.filter(
        (request) => request.method === "POST" && request.path.endsWith("/pulls"),
      ).length < JOBS
    ) {
      if (Date.now() > deadline)
        throw new Error("the jobs did not all open their PR in 15 minutes");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const minutes = (performance.now() - started) / 60_000;
    clearInterval(sampler);
    lines.push(
      `${workers} worker${workers === 1 ? " " : "s"}: ${JOBS} jobs in ${(minutes * 60).toFixed(1)} s = ${(JOBS / minutes).toFixed(1)} jobs/min; a worker's memory (RSS) ${atRest} MB at rest, ${peak} MB at most under load`,
    );
  } finally {
    for (const process of processes.reverse()) await process.stop();
    await github.close();
    await openai.close();
  }
}
process.stdout.write(
  `codeforge-app workers on Postgres, the Python fixture's tests in the sandbox per job\n${lines.join("\n")}\n`,
);
