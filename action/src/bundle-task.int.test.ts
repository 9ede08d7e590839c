import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigSchema } from "@codeforge/core";
import { requireService } from "@codeforge/core/testing";
import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./test-support/github-stand-in.js";
import { type ReceivedChat, startOpenAiStandIn } from "./test-support/openai-stand-in.js";
import { runBundle } from "./test-support/run-bundle.js";

const sandboxConfig = ConfigSchema.parse({}).sandbox;
const sandbox = await requireService("Docker sandbox image", async () => {
  const executor = createDockerExecutor({ docker: new Docker(), config: sandboxConfig });
  const result = await executor.run({ language: "python", code: "import pytest; print(1)" });
  if (result.exitCode !== 0) throw new Error(`a trivial program exited ${result.exitCode}`);
});

const FIXTURE = fileURLToPath(
  new URL("../../fixtures/repositories/python-package/", import.meta.url),
);
const ORIGINAL = await readFile(join(FIXTURE, "textkit/durations.py"), "utf8");
const BUGGY = `${ORIGINAL}\n\ndef format_clock(seconds: int) -> str:\n    return f"{seconds // 60}:{seconds % 60:02d}"\n`;
const FIXED = `${ORIGINAL}\n\ndef format_clock(seconds: int) -> str:\n    hours, rest = divmod(seconds, 3600)\n    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"\n`;
const TEST =
  "from textkit.durations import format_clock\n\n\ndef test_clock():\n    assert format_clock(3661) == '1:01:01'\n";
const TASK = "Add format_clock(seconds) to textkit/durations.py returning H:MM:SS, with a test";
const SECRET = "sk-proj-task-secret-0123456789abcdef";
const TOKEN = "ghs_tasktokensecret0123456789abcdef";

/** Plays planner, coder (a bug the new test catches) and reviewer (the fix) by their prompts. */
function repositoryAgent(request: ReceivedChat): unknown {
  const system = request.messages[0]?.content ?? "";
  if (system.startsWith("You plan a change")) {
    return {
      reasoning: "one function and its test",
      subtasks: [
        {
          id: 1,
          description: "add format_clock",
          dependencies: [],
          estimated_complexity: "simple",
        },
      ],
      files: ["textkit/durations.py", "tests/test_durations.py"],
    };
  }
  if (system.startsWith("You change")) {
    return {
      changes: [
        { path: "textkit/durations.py", content: BUGGY },
        { path: "tests/test_clock.py", content: TEST },
      ],
      explanation: "adds format_clock",
    };
  }
  if (system.startsWith("You debug")) {
    return {
      root_cause: "hours are not split off",
      error_type: "logic_error",
      fix_description: "divmod by 3600 first",
      confidence: 0.9,
      changes_made: ["split hours"],
      changes: [{ path: "textkit/durations.py", content: FIXED }],
      explanation: "fixes the format",
    };
  }
  return undefined;
}

const model = await startOpenAiStandIn(repositoryAgent);
const github = await startGitHubStandIn({ repository: "octo/textkit", writers: ["mona"] });
afterAll(async () => {
  await model.close();
  await github.close();
});

async function workspaceCopy(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), "codeforge-action-task-"));
  await cp(FIXTURE, workspace, { recursive: true });
  return workspace;
}

function runnerEnv(workspace: string): Record<string, string> {
  return {
    GITHUB_WORKSPACE: workspace,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_REPOSITORY: "octo/textkit",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_REF: "refs/heads/main",
    GITHUB_REF_NAME: "main",
    GITHUB_RUN_ID: "4242",
    OPENAI_BASE_URL: model.baseUrl,
    OLLAMA_HOST: "http://127.0.0.1:9",
    CODEFORGE_REPAIR_BACKOFF_BASE_SECONDS: "0",
  };
}

describe.skipIf(!sandbox.available)(`the bundle in task mode ${sandbox.reason}`, () => {
  it("takes the task from a /codeforge comment by a writer, repairs it in the sandbox and opens the PR", async () => {
    const workspace = await workspaceCopy();
    const run = await runBundle({
      cwd: workspace,
      inputs: {
        model: "openai/gpt-4o-mini",
        "openai-api-key": SECRET,
        "github-token": TOKEN,
      },
      env: runnerEnv(workspace),
      event: {
        name: "issue_comment",
        payload: {
          issue: { number: 7, title: "Clock format", body: "" },
          comment: {
            body: `/codeforge ${TASK}`,
            html_url: "https://github.example/octo/textkit/issues/7#issuecomment-1",
            user: { login: "mona", type: "User" },
          },
          sender: { login: "mona", type: "User" },
          repository: { default_branch: "main" },
        },
      },
    });

    expect(run.log).not.toContain("::error::");
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      status: "completed",
      "pr-url": "https://github.example/octo/textkit/pull/12",
      branch: expect.stringMatching(/^codeforge\/issue-7-add-format-clock/),
    });
    expect(run.outputs["task-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(run.outputs.tokens)).toBeGreaterThan(0);
    const diff = await readFile(run.outputs["diff-file"] ?? "", "utf8");
    expect(diff).toContain("+def format_clock(seconds: int) -> str:");
    expect(diff).toContain("+++ b/tests/test_clock.py");
    // The PR carries the changes, not the workspace.
    expect(await readFile(join(workspace, "textkit/durations.py"), "utf8")).toBe(ORIGINAL);

    expect(github.unmatched).toEqual([]);
    expect(github.calls.every((call) => call.authorization === `token ${TOKEN}`)).toBe(true);
    const blobs = github.calls
      .filter((call) => call.path.endsWith("/git/blobs"))
      .map((call) => Buffer.from(String(call.body?.content), "base64").toString("utf8"));
    expect(blobs.sort()).toEqual([FIXED, TEST].sort());
    const ref = github.calls.find((call) => call.path.endsWith("/git/refs"));
    expect(ref?.body?.ref).toBe(`refs/heads/${run.outputs.branch}`);
    const pull = github.calls.find((call) => call.path.endsWith("/pulls"));
    expect(pull?.body).toMatchObject({ base: "main", head: run.outputs.branch });
    expect(String(pull?.body?.body)).toContain("Fixes #7");
    // The reviewer saw the real failure from the sandbox.
    const reviewer = model.received.find((chat) =>
      chat.messages[0]?.content.startsWith("You debug"),
    );
    expect(reviewer?.messages.at(-1)?.content).toContain("test_clock");
    expect(run.summary).toContain("## CodeForge task: completed");
    expect(run.summary).toContain("Pull request: https://github.example/octo/textkit/pull/12");
    expect(run.log).toContain("::group::CodeForge: executing");
    const shown = run.log.replace(`::add-mask::${SECRET}`, "").replace(`::add-mask::${TOKEN}`, "");
    for (const text of [shown, run.outputFile, run.summary, String(pull?.body?.body)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
  }, 240_000);

  it("with open-pr false leaves the changes in the workspace and the diff in a file", async () => {
    const workspace = await workspaceCopy();
    const before = github.calls.length;
    const run = await runBundle({
      cwd: workspace,
      inputs: {
        prompt: TASK,
        model: "openai/gpt-4o-mini",
        "openai-api-key": SECRET,
        "open-pr": "false",
      },
      env: runnerEnv(workspace),
      event: { name: "workflow_dispatch", payload: {} },
    });

    expect(run.log).not.toContain("::error::");
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("completed");
    expect(run.outputs["pr-url"]).toBeUndefined();
    expect(await readFile(join(workspace, "textkit/durations.py"), "utf8")).toBe(FIXED);
    expect(await readFile(join(workspace, "tests/test_clock.py"), "utf8")).toBe(TEST);
    expect(await readFile(run.outputs["diff-file"] ?? "", "utf8")).toContain(
      "+++ b/tests/test_clock.py",
    );
    expect(github.calls.length).toBe(before);
  }, 240_000);
});
