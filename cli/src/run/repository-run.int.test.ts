import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigSchema, openStore } from "@codeforge/core";
import { createDockerExecutor } from "@codeforge/sandbox";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../run-cli.js";
import { captureContext } from "../test-support/capture-context.js";
import { requireSandboxImage } from "../test-support/require-sandbox-image.js";

// `codeforge run --repo` end to end: the real pipeline, the real sandbox running the fixture
// repositories' own tests (pytest, node --test), a scripted model answering at the OpenAI wire.
const sandboxConfig = ConfigSchema.parse({}).sandbox;
const docker = new Docker();
const executor = createDockerExecutor({ docker, config: sandboxConfig });
const python = await requireSandboxImage(executor, sandboxConfig, "python");
const node = await requireSandboxImage(executor, sandboxConfig, "node");

const FIXTURES = fileURLToPath(new URL("../../../fixtures/repositories/", import.meta.url));

/** Scripted answers, served in order as OpenAI Chat Completions. */
const answers: unknown[] = [];
const received: Array<{ messages: Array<{ content: string }> }> = [];
const server = createServer(async (request, response) => {
  let body = "";
  for await (const chunk of request) body += chunk;
  received.push(JSON.parse(body));
  const answer = answers.shift();
  response.writeHead(answer ? 200 : 500, { "content-type": "application/json" });
  response.end(
    JSON.stringify({
      id: `chatcmpl-repo${received.length}`,
      object: "chat.completion",
      created: 1_767_225_600,
      model: "gpt-4o-mini-2024-07-18",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: JSON.stringify(answer), refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 900, completion_tokens: 200, total_tokens: 1_100 },
    }),
  );
});

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
});
afterAll(() => {
  server.close();
});

/** A fixture repository copied into a fresh git work tree with one commit. */
async function repository(name: "python-package" | "node-package"): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), `codeforge-repo-${name}-`));
  await cp(join(FIXTURES, name), directory, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", [
      "-C",
      directory,
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@example.com",
      ...args,
    ]);
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "fixture");
  return directory;
}

function context(cwd: string) {
  const { port } = server.address() as AddressInfo;
  return captureContext({
    cwd,
    env: {
      OPENAI_API_KEY: "sk-repo-e2e",
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OLLAMA_HOST: "http://127.0.0.1:9",
      CODEFORGE_LOG_LEVEL: "silent",
      CODEFORGE_REPAIR_BACKOFF_BASE_SECONDS: "0",
    },
  });
}

const plan = (files: string[]) => ({
  reasoning: "one change and its test",
  subtasks: [
    {
      id: 1,
      description: "make the change with a test",
      dependencies: [],
      estimated_complexity: "simple",
    },
  ],
  files,
});

const CLOCK_TEST =
  'from textkit.durations import format_clock\n\n\ndef test_format_clock_pads_minutes_and_seconds():\n    assert format_clock(3661) == "1:01:01"\n    assert format_clock(59) == "0:00:59"\n';

describe.skipIf(!python.available)(
  `codeforge run --repo on a Python package ${python.reason}`,
  () => {
    it("fails the repository's own pytest run, repairs, passes, records and writes the change", async () => {
      const repo = await repository("python-package");
      const durations = await readFile(join(repo, "textkit/durations.py"), "utf8");
      const buggy = `${durations}\n\ndef format_clock(seconds: int) -> str:\n    """H:MM:SS."""\n    return f"{seconds // 60}:{seconds % 60:02d}"\n`;
      const fixed = `${durations}\n\ndef format_clock(seconds: int) -> str:\n    """H:MM:SS."""\n    hours, rest = divmod(seconds, 3600)\n    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"\n`;
      answers.push(
        plan(["textkit/durations.py", "tests/test_durations.py"]),
        {
          changes: [
            { path: "textkit/durations.py", content: buggy },
            { path: "tests/test_clock.py", content: CLOCK_TEST },
          ],
          explanation: "adds format_clock",
        },
        {
          root_cause: "hours are never split off",
          error_type: "logic_error",
          fix_description: "divmod by 3600 first",
          confidence: 0.9,
          changes_made: ["split hours"],
          changes: [{ path: "textkit/durations.py", content: fixed }],
          explanation: "fixes format_clock",
        },
      );
      const run = context(repo);

      const code = await runCli(
        [
          "run",
          "--repo",
          ".",
          "--json",
          "Add format_clock(seconds) to textkit/durations.py, returning H:MM:SS, with tests",
        ],
        run,
      );

      expect(run.errors()).toBe("");
      expect(code).toBe(0);
      const result = JSON.parse(run.output());
      expect(result).toMatchObject({ status: "completed", retryCount: 1 });
      expect(result.repository.baseline).toMatchObject({ passed: true, tests: 5 });
      expect(result.attempts[0].passed).toBe(false);
      expect(result.attempts[0].report.tests).toContainEqual(
        expect.objectContaining({ file: "tests/test_clock.py", outcome: "failed" }),
      );
      // The reviewer saw the repository's failing test first.
      expect(received.at(-1)?.messages.at(-1)?.content).toContain("FAILED tests/test_clock.py::");
      expect(result.repository.tests).toContainEqual(
        expect.objectContaining({ file: "tests/test_clock.py", outcome: "passed" }),
      );
      expect([...result.written].sort()).toEqual(["tests/test_clock.py", "textkit/durations.py"]);
      expect(await readFile(join(repo, "textkit/durations.py"), "utf8")).toBe(fixed);
      const status = execFileSync("git", ["-C", repo, "status", "--porcelain"]).toString();
      expect(status).toContain(" M textkit/durations.py");
      expect(status).toContain("?? tests/test_clock.py");
      const store = await openStore({ cwd: repo });
      try {
        const row = await store.tasks.get(result.taskId);
        expect(row?.baseCommit).toMatch(/^[0-9a-f]{40}$/);
        expect(row?.diff).toContain("+def format_clock");
        expect(row?.executionResults.map((execution) => execution.exitCode)).toEqual([1, 0]);
      } finally {
        await store.close();
      }
    }, 240_000);

    it("refuses a change to a workflow file: asks once more, then fails without writing anything", async () => {
      const repo = await repository("python-package");
      const workflow = {
        changes: [{ path: ".github/workflows/ci.yml", content: "on: push\n" }],
        explanation: "adds CI",
      };
      answers.push(plan(["textkit/slug.py"]), workflow, workflow);
      const run = context(repo);

      const code = await runCli(
        ["run", "--repo", ".", "Add a CI workflow that runs the tests"],
        run,
      );

      expect(code).toBe(1);
      expect(run.output()).toContain("which the operator does not allow changing");
      // Only the embedded store's folder is new: no change was written.
      expect(execFileSync("git", ["-C", repo, "status", "--porcelain"]).toString()).toBe(
        "?? .codeforge/\n",
      );
    }, 240_000);
  },
);

describe.skipIf(!node.available)(`codeforge run --repo on a Node package ${node.reason}`, () => {
  it("adds a function with node --test tests; --dry-run --patch saves the diff and writes nothing", async () => {
    const repo = await repository("node-package");
    const cart = await readFile(join(repo, "src/cart.js"), "utf8");
    answers.push(plan(["src/cart.js", "test/cart.test.js"]), {
      changes: [
        {
          path: "src/cart.js",
          content: `${cart}\n/** The number of items in a cart. */\nexport function itemCount(cart) {\n  return cart.lines.reduce((sum, line) => sum + line.quantity, 0);\n}\n`,
        },
        {
          path: "test/item-count.test.js",
          content:
            'import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { Cart } from "../src/index.js";\nimport { itemCount } from "../src/cart.js";\n\ntest("counts quantities", () => {\n  assert.equal(itemCount(new Cart().add("a", 1, 2).add("b", 2)), 3);\n});\n',
        },
      ],
      explanation: "adds itemCount",
    });
    const run = context(repo);

    const code = await runCli(
      [
        "run",
        "--repo",
        ".",
        "--dry-run",
        "--patch",
        "change.patch",
        "Add itemCount(cart) to src/cart.js, with a test",
      ],
      run,
    );

    expect(run.errors()).toBe("");
    expect(code).toBe(0);
    expect(run.output()).toContain("+export function itemCount(cart)");
    const patch = await readFile(join(repo, "change.patch"), "utf8");
    expect(patch).toContain("+++ b/test/item-count.test.js");
    expect(execFileSync("git", ["-C", repo, "status", "--porcelain"]).toString()).toBe(
      "?? .codeforge/\n?? change.patch\n",
    );
    execFileSync("git", ["-C", repo, "apply", "--check", "change.patch"]);
  }, 240_000);

  it("fixes a bug: the first change fails the repository's node --test run, the repair passes it", async () => {
    const repo = await repository("node-package");
    const cart = await readFile(join(repo, "src/cart.js"), "utf8");
    const guarded = (condition: string) =>
      cart.replace(
        "  add(sku, price, quantity = 1) {\n",
        `  add(sku, price, quantity = 1) {\n    if (${condition}) return this;\n`,
      );
    const test =
      'import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { Cart } from "../src/index.js";\n\ntest("a line of no items is not added", () => {\n  assert.equal(new Cart().add("a", 1, 0).lines.length, 0);\n});\n';
    answers.push(
      plan(["src/cart.js", "test/cart.test.js"]),
      {
        changes: [
          { path: "src/cart.js", content: guarded("quantity < 0") },
          { path: "test/empty-line.test.js", content: test },
        ],
        explanation: "skips empty lines",
      },
      {
        root_cause: "a quantity of 0 passes the guard",
        error_type: "logic_error",
        fix_description: "refuse quantities of 0 too",
        confidence: 0.9,
        changes_made: ["<= 0"],
        changes: [{ path: "src/cart.js", content: guarded("quantity <= 0") }],
        explanation: "refuses empty lines",
      },
    );
    const run = context(repo);

    const code = await runCli(
      ["run", "--repo", ".", "--json", "Cart.add must not add a line of 0 items; add a test"],
      run,
    );

    expect(run.errors()).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(run.output());
    expect(result).toMatchObject({ status: "completed", retryCount: 1 });
    expect(result.attempts[0].report.tests).toContainEqual(
      expect.objectContaining({ file: "test/empty-line.test.js", outcome: "failed" }),
    );
    expect(await readFile(join(repo, "src/cart.js"), "utf8")).toContain("quantity <= 0");
  }, 240_000);

  it("refuses a change inside .git, asking once more, and writes nothing", async () => {
    const repo = await repository("node-package");
    const hook = {
      changes: [{ path: ".git/hooks/pre-commit", content: "#!/bin/sh\nexit 0\n" }],
      explanation: "adds a hook",
    };
    answers.push(plan(["src/cart.js"]), hook, hook);
    const run = context(repo);

    const code = await runCli(
      ["run", "--repo", ".", "Add a pre-commit hook that runs the tests"],
      run,
    );

    expect(code).toBe(1);
    expect(run.output()).toContain("is inside .git/, which is never changed");
    expect(execFileSync("git", ["-C", repo, "status", "--porcelain"]).toString()).toBe(
      "?? .codeforge/\n",
    );
  }, 240_000);
});
