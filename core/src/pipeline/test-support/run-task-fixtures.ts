/** What the runTask suites share: a small task, its programs and a scripted setup. */
import type { SyntaxChecker } from "../../agents/index.js";
import { type ConfigInput, ConfigSchema } from "../../config/index.js";
import { createFakeExecutor } from "../../testing/fake-executor.js";
import { createScriptedModel, type ScriptedReply } from "../../testing/scripted-model.js";
import type { Clock } from "../clock.js";
import type { PipelineEvent } from "../pipeline-events.js";
import type { RunTaskDeps } from "../run-task.js";

export const TASK =
  "Write a function add(a, b) that returns the sum of two integers. Example: add(2, 3) == 5";
export const MAIN =
  '\n\ndef main() -> None:\n    print(add(2, 3))\n\n\nif __name__ == "__main__":\n    main()\n';
export const BUGGY = `def add(a: int, b: int) -> int:\n    """Sum."""\n    return a - b\n${MAIN}`;
export const FIXED = `def add(a: int, b: int) -> int:\n    """Sum."""\n    return a + b\n${MAIN}`;
export const TESTS = "assert add(2, 3) == 5";
export const FAILURE = {
  exitCode: 1,
  stderr:
    'Traceback (most recent call last):\n  File "main.py", line 6, in <module>\nAssertionError\n',
};

export function coded(code: string, tests = TESTS): ScriptedReply {
  return { object: { code, tests, imports: [], explanation: "adds two numbers" } };
}

export function reviewed(fixed: string, confidence: number): ScriptedReply {
  return {
    object: {
      root_cause: "subtracts instead of adding",
      error_type: "logic_error",
      fix_description: "use +",
      fixed_code: fixed,
      fixed_tests: null,
      confidence,
      changes_made: ["- became +"],
    },
  };
}

export const acceptAll: SyntaxChecker = {
  check: async () => ({ valid: true, errors: [], checked: true }),
};

export function fakeClock(): Clock & { sleeps: number[] } {
  let time = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => {
      time += 5;
      return time;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}

export function setup(
  replies: ScriptedReply[],
  runs: Parameters<typeof createFakeExecutor>[0],
  config: ConfigInput = {},
) {
  const model = createScriptedModel(replies, { id: "openai/gpt-4o-mini" });
  const executor = createFakeExecutor(runs);
  const events: PipelineEvent[] = [];
  const clock = fakeClock();
  const parsed = ConfigSchema.parse({
    ...config,
    repair: { backoffBaseSeconds: 0, ...(config.repair ?? {}) },
  });
  const deps: RunTaskDeps = {
    config: parsed,
    model,
    executor,
    syntaxChecker: acceptAll,
    clock,
    classify: () => ({ complexity: "simple", score: 0.1 }),
    onEvent: (event) => events.push(event),
  };
  return { model, executor, events, clock, deps };
}
