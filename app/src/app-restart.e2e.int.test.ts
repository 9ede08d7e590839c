import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import {
  type AppProcess,
  generatePrivateKey,
  startAppProcess,
} from "./test-support/app-process.js";
import {
  type GitHubStandIn,
  signature,
  startGitHubStandIn,
} from "./test-support/github-stand-in.js";
import { type OpenAIStandIn, startOpenAIStandIn } from "./test-support/openai-stand-in.js";
import { issueCommentPayload } from "./test-support/payloads.js";

const sandboxConfig = ConfigSchema.parse({}).sandbox;
const sandbox = await requireService(`Docker sandbox image ${sandboxConfig.pythonImage}`, () =>
  new Docker().getImage(sandboxConfig.pythonImage).inspect(),
);

const SECRET = "restart-secret";
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

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  server.close();
  return typeof address === "object" && address ? address.port : 0;
}

let github: GitHubStandIn | undefined;
let openai: OpenAIStandIn | undefined;
let app: AppProcess | undefined;
afterAll(async () => {
  await app?.stop("SIGKILL");
  await github?.close();
  await openai?.close();
});

describe.skipIf(!sandbox.available)(`a worker killed mid-job ${sandbox.reason}`, () => {
  it("leaves the job to the restarted App, which edits the same progress comment and opens the PR", async () => {
    github = await startGitHubStandIn();
    // The planner's first call never answers: the run is caught mid-job when the App is killed.
    openai = await startOpenAIStandIn((index) =>
      index === 0 ? "hang" : index === 1 ? plan : index === 2 ? change : undefined,
    );
    const cwd = await mkdtemp(join(tmpdir(), "codeforge-app-restart-"));
    const env = {
      APP_ID: "1",
      PRIVATE_KEY: generatePrivateKey(),
      WEBHOOK_SECRET: SECRET,
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      OPENAI_API_KEY: "sk-app-restart",
      OPENAI_BASE_URL: openai.baseUrl,
      OLLAMA_HOST: "http://127.0.0.1:9",
      CODEFORGE_ROUTING_SIMPLE_MODEL: "openai/gpt-4o-mini",
      CODEFORGE_REPAIR_BACKOFF_BASE_SECONDS: "0",
      CODEFORGE_APP_HEARTBEAT_SECONDS: "10",
      CODEFORGE_LOG_LEVEL: "error",
    };
    app = await startAppProcess("start", env, cwd);
    const body = JSON.stringify(
      issueCommentPayload({
        body: "/codeforge Add shout(text) in textkit/shout.py",
        commentId: 77,
      }),
    );
    const response = await fetch(`http://127.0.0.1:${app.port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": "restart-77",
        "x-hub-signature-256": signature(SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(200);
    const progress = await github.waitFor(
      (request) => request.method === "POST" && request.path.endsWith("/issues/1/comments"),
    );
    await new Promise((resolve) => {
      const poll = setInterval(() => {
        if ((openai?.received.length ?? 0) > 0) {
          clearInterval(poll);
          resolve(undefined);
        }
      }, 100);
    });

    expect(await app.stop("SIGKILL")).toBeNull();
    app = await startAppProcess("start", env, cwd);

    const pull = await github
      .waitFor((request) => request.method === "POST" && request.path.endsWith("/pulls"), 90_000)
      .catch((error: unknown) => {
        const paths = github?.requests.map((request) => `${request.method} ${request.path}`);
        throw new Error(`${String(error)}\n${paths?.join("\n")}\n${app?.output().slice(-4000)}`);
      });
    expect((pull.body as { body: string }).body).toContain("Fixes #1");
    const progressComments = github.requests.filter(
      (request) => request.method === "POST" && request.path.endsWith("/issues/1/comments"),
    );
    expect(progressComments).toEqual([progress]);
    const edits = github.requests
      .filter((request) => request.method === "PATCH")
      .map((request) => (request.body as { body: string }).body);
    expect(
      edits.some((edit) => edit.includes("starting again (the previous attempt was interrupted)")),
    ).toBe(true);
    const done = await github.waitFor(
      (request) =>
        request.method === "PATCH" &&
        String((request.body as { body?: string })?.body).includes("### ✅ Done"),
      30_000,
    );
    expect((done.body as { body: string }).body).toContain(
      "https://github.example/Codertocat/Hello-World/pull/77",
    );
  }, 300_000);
});
