/** What the repository-task suites share: the fixture task, scripted answers, a setup. */
import { join } from "node:path";
import type { SyntaxChecker } from "../../../agents/index.js";
import { ConfigSchema } from "../../../config/index.js";
import { createFakeExecutor } from "../../../testing/fake-executor.js";
import { createFakeRepositoryRunner } from "../../../testing/fake-repository-runner.js";
import { createScriptedModel, type ScriptedReply } from "../../../testing/scripted-model.js";
import {
  detectTestCommand,
  readDirectorySnapshot,
  type TestCaseResult,
} from "../../../workspace/index.js";
import { FIXTURE_REPOSITORIES } from "../../../workspace/test-support/fixture-repositories.js";
import type { PipelineEvent } from "../../pipeline-events.js";

export const TASK =
  "Add format_clock(seconds) to textkit/durations.py returning H:MM:SS, with tests";
export const FILES = ["textkit/durations.py", "tests/test_durations.py"];

export const passed = (file: string, name: string): TestCaseResult => ({
  name,
  file,
  outcome: "passed",
});
export const failed = (file: string, name: string, message: string): TestCaseResult => ({
  name,
  file,
  outcome: "failed",
  message,
});

export const BASELINE = [
  passed("tests/test_durations.py", "test_parse_duration_adds_units"),
  passed("tests/test_slug.py", "test_slugify"),
];

export const plan: ScriptedReply = {
  object: {
    reasoning: "one function and its test",
    subtasks: [
      { id: 1, description: "add format_clock", dependencies: [], estimated_complexity: "simple" },
    ],
    files: FILES,
  },
};
export const change = (code: string): ScriptedReply => ({
  object: {
    changes: [
      { path: "textkit/durations.py", content: code },
      {
        path: "tests/test_clock.py",
        content:
          "from textkit.durations import format_clock\n\ndef test_clock():\n    assert format_clock(3661) == '1:01:01'\n",
      },
    ],
    explanation: "adds format_clock",
  },
});
export const BUGGY =
  "def format_clock(seconds):\n    return f'{seconds // 60}:{seconds % 60:02d}'\n";
export const FIXED =
  "def format_clock(seconds):\n    hours, rest = divmod(seconds, 3600)\n    return f'{hours}:{rest // 60:02d}:{rest % 60:02d}'\n";
export const review = (changes: unknown[]): ScriptedReply => ({
  object: {
    root_cause: "hours are not split off",
    error_type: "logic_error",
    fix_description: "divmod by 3600 first",
    confidence: 0.9,
    changes_made: ["split hours"],
    changes,
    explanation: "fixes the format",
  },
});

export const acceptAll: SyntaxChecker = {
  check: async () => ({ valid: true, errors: [], checked: true }),
};

export async function setup(
  replies: ScriptedReply[],
  runs: Parameters<typeof createFakeRepositoryRunner>[0],
) {
  const snapshot = await readDirectorySnapshot(join(FIXTURE_REPOSITORIES, "python-package"));
  const testCommand = detectTestCommand(snapshot);
  if (!testCommand) throw new Error("the fixture has tests");
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  const repositoryRunner = createFakeRepositoryRunner(runs);
  const events: PipelineEvent[] = [];
  const deps = {
    config: ConfigSchema.parse({ repair: { backoffBaseSeconds: 0 } }),
    model,
    executor: createFakeExecutor([]),
    repositoryRunner,
    syntaxChecker: acceptAll,
    classify: () => ({ complexity: "medium" as const }),
    onEvent: (event: PipelineEvent) => events.push(event),
  };
  const repository = {
    snapshot,
    testCommand,
    map: snapshot.files.map((file) => file.path).join("\n"),
  };
  return { deps, repository, model, repositoryRunner, events, snapshot };
}
