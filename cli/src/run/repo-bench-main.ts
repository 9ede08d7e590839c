/**
 * `npm run bench:repo`: the fixture repository tasks through the real pipeline and the real
 * sandbox with a scripted model. Prints the tokens each task sends on its first attempt
 * (repo map, files and prompts, counted with the tokenizer; target ≤ 8,000) and where the
 * time from start to verified diff goes: snapshot, repo map, sandbox start, test runs.
 */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ConfigSchema,
  type PipelineEvent,
  prepareRepositoryTask,
  readDirectorySnapshot,
  runTask,
} from "@codeforge/core";
import { createFakeExecutor, createScriptedModel } from "@codeforge/core/testing";
import { createRepositoryRunner } from "@codeforge/sandbox";
import { createDockerClient } from "../docker-client.js";

/** The first-attempt token target of a fixture repository task. */
const FIRST_ATTEMPT_TOKEN_TARGET = 8_000;
const FIXTURES = fileURLToPath(new URL("../../../fixtures/repositories/", import.meta.url));

interface BenchTask {
  name: string;
  fixture: "python-package" | "node-package";
  prompt: string;
  replies: (read: (path: string) => Promise<string>) => Promise<unknown[]>;
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

const TASKS: BenchTask[] = [
  {
    name: "python: new function, repaired",
    fixture: "python-package",
    prompt: "Add format_clock(seconds) to textkit/durations.py, returning H:MM:SS, with tests",
    replies: async (read) => {
      const durations = await read("textkit/durations.py");
      const test =
        'from textkit.durations import format_clock\n\n\ndef test_format_clock():\n    assert format_clock(3661) == "1:01:01"\n';
      return [
        plan(["textkit/durations.py", "tests/test_durations.py"]),
        {
          changes: [
            {
              path: "textkit/durations.py",
              content: `${durations}\n\ndef format_clock(seconds: int) -> str:\n    return f"{seconds // 60}:{seconds % 60:02d}"\n`,
            },
            { path: "tests/test_clock.py", content: test },
          ],
          explanation: "adds format_clock",
        },
        {
          root_cause: "hours are never split off",
          error_type: "logic_error",
          fix_description: "divmod by 3600 first",
          confidence: 0.9,
          changes_made: ["split hours"],
          changes: [
            {
              path: "textkit/durations.py",
              content: `${durations}\n\ndef format_clock(seconds: int) -> str:\n    hours, rest = divmod(seconds, 3600)\n    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"\n`,
            },
          ],
          explanation: "fixes format_clock",
        },
      ];
    },
  },
  {
    name: "node: new function",
    fixture: "node-package",
    prompt: "Add itemCount(cart) to src/cart.js, with a test",
    replies: async (read) => [
      plan(["src/cart.js", "test/cart.test.js"]),
      {
        changes: [
          {
            path: "src/cart.js",
            content: `${await read("src/cart.js")}\nexport function itemCount(cart) {\n  return cart.lines.reduce((sum, line) => sum + line.quantity, 0);\n}\n`,
          },
          {
            path: "test/item-count.test.js",
            content:
              'import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { Cart } from "../src/index.js";\nimport { itemCount } from "../src/cart.js";\n\ntest("counts", () => {\n  assert.equal(itemCount(new Cart().add("a", 1, 2)), 2);\n});\n',
          },
        ],
        explanation: "adds itemCount",
      },
    ],
  },
];

const config = ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } });
const docker = createDockerClient();
const runner = createRepositoryRunner({ docker, config: config.sandbox });
const rows: string[] = [];
for (const task of TASKS) {
  const directory = await mkdtemp(join(tmpdir(), "codeforge-repo-bench-"));
  try {
    await cp(join(FIXTURES, task.fixture), directory, { recursive: true });
    const read = (path: string) => readFile(join(directory, path), "utf8");
    const started = performance.now();
    const snapshot = await readDirectorySnapshot(directory);
    const snapshotMs = performance.now() - started;
    const mapStarted = performance.now();
    const repository = prepareRepositoryTask(snapshot, { prompt: task.prompt, config });
    const mapMs = performance.now() - mapStarted;
    // A container that runs nothing: what starting, uploading and tearing down costs.
    const idle = await runner.run({
      snapshot,
      testCommand: { ...repository.testCommand, runner: "custom", command: "true" },
    });
    const replies = (await task.replies(read)).map((object) => ({ object }));
    const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
    const runs: number[] = [];
    const runStarted = performance.now();
    const result = await runTask(
      {
        config,
        model,
        executor: createFakeExecutor([]),
        repositoryRunner: runner,
        syntaxChecker: { check: async () => ({ valid: true, errors: [], checked: true }) },
        onEvent: (event: PipelineEvent) => {
          if (event.type === "execution.completed") runs.push(event.result.durationMs);
        },
      },
      { prompt: task.prompt, repository },
    );
    const pipelineMs = performance.now() - runStarted;
    const firstAttempt = model.requests
      .slice(0, 2)
      .reduce((sum, request) => sum + request.inputTokens + request.outputTokens, 0);
    const testMs = runs.reduce((sum, ms) => sum + ms, 0);
    const sandboxStartMs = idle.durationMs * (runs.length + 1);
    rows.push(
      [
        task.name.padEnd(32),
        result.status.padEnd(9),
        `${firstAttempt}`.padStart(6),
        `${Math.round(snapshotMs)}`.padStart(8),
        `${Math.round(mapMs)}`.padStart(6),
        `${Math.round(sandboxStartMs)}`.padStart(9),
        `${Math.round(testMs - idle.durationMs * runs.length)}`.padStart(8),
        `${Math.round(snapshotMs + mapMs + pipelineMs)}`.padStart(8),
        `${(((sandboxStartMs + testMs - idle.durationMs * runs.length) / (snapshotMs + mapMs + pipelineMs)) * 100).toFixed(0)}%`.padStart(
          8,
        ),
        firstAttempt <= FIRST_ATTEMPT_TOKEN_TARGET ? "ok" : "OVER",
      ].join(" "),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
process.stdout.write(
  [
    `Repository tasks, scripted model, real sandbox (first-attempt token target ≤ ${FIRST_ATTEMPT_TOKEN_TARGET})`,
    "",
    `${"task".padEnd(32)} ${"status".padEnd(9)} ${"tokens".padStart(6)} ${"snapshot".padStart(8)} ${"map".padStart(6)} ${"sandbox".padStart(9)} ${"tests".padStart(8)} ${"total".padStart(8)} ${"sandbox%".padStart(8)}`,
    `${"".padEnd(32)} ${"".padEnd(9)} ${"".padStart(6)} ${"ms".padStart(8)} ${"ms".padStart(6)} ${"start ms".padStart(9)} ${"ms".padStart(8)} ${"ms".padStart(8)}`,
    ...rows,
    "",
    "sandbox start: an idle container's create + upload + start + teardown, once per run (baseline and each attempt);",
    "tests: the repository's test command inside the container (run time less the idle container's).",
    "",
  ].join("\n"),
);
