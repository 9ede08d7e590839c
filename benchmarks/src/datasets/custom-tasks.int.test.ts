import { afterAll, describe, expect, it } from "vitest";
import { canonicalSamples } from "../eval/eval-sample.js";
import { evaluateSamples } from "../eval/evaluate-samples.js";
import { sandboxForTests } from "../test-support/sandbox-executor.js";
import type { CustomProblem } from "./benchmark-problem.js";
import { loadCustomTasks } from "./load-custom-tasks.js";

const sandbox = await sandboxForTests();
afterAll(async () => {
  await sandbox.executor.close?.();
});

/**
 * An obviously wrong solution: the reference with every function body replaced by
 * `return None`, so the names exist but nothing works. A task whose assertions only
 * checked that names exist would let it pass.
 */
function hollowedOut(solution: string): string {
  return [
    "import ast as _ast",
    `_tree = _ast.parse(${JSON.stringify(solution)})`,
    "for _node in _ast.walk(_tree):",
    "    if isinstance(_node, (_ast.FunctionDef, _ast.AsyncFunctionDef)):",
    "        _node.body = [_ast.Return(value=_ast.Constant(None))]",
    'exec(compile(_ast.fix_missing_locations(_tree), "<wrong>", "exec"))',
    "",
  ].join("\n");
}

describe.skipIf(!sandbox.service.available)(
  `the custom tasks in the real sandbox ${sandbox.service.reason}`,
  () => {
    it("every reference solution passes its assertions", async () => {
      const dataset = await loadCustomTasks();
      const results = await evaluateSamples({
        dataset,
        samples: canonicalSamples(dataset.problems),
        executor: sandbox.executor,
        concurrency: 4,
      });
      const failures = results.filter((result) => !result.passed);
      expect(failures.map((failure) => `${failure.problemId}: ${failure.errorExcerpt}`)).toEqual(
        [],
      );
      expect(results).toHaveLength(25);
    }, 120_000);

    it("an obviously wrong solution fails every task", async () => {
      const dataset = await loadCustomTasks();
      const problems = dataset.problems as readonly CustomProblem[];
      const results = await evaluateSamples({
        dataset,
        samples: problems.map((problem) => ({
          taskId: problem.id,
          solution: hollowedOut(problem.solution),
        })),
        executor: sandbox.executor,
        concurrency: 4,
      });
      const passing = results.filter((result) => result.passed).map((result) => result.problemId);
      expect(passing).toEqual([]);
      // They fail on the assertions, not because the hollowed-out program is broken.
      for (const result of results) expect(result.verdict, result.problemId).toBe("failed");
    }, 120_000);
  },
);
