import type { ExecutionResult, ExecutionSpec } from "../executor/index.js";

/**
 * A fake execution (for `createFakeExecutor`) of a pipeline test program that ran every
 * test: prints `stdout`, then the pass marker the program was given on stdin, and exits 0,
 * as a real run of `buildTestProgram`'s output does.
 *
 * @example
 * const executor = createFakeExecutor([{ exitCode: 1, stderr: "AssertionError" }, passingRun("5\n")]);
 */
export function passingRun(
  stdout = "",
  result: Partial<ExecutionResult> = {},
): (spec: ExecutionSpec) => Partial<ExecutionResult> {
  return (spec) => {
    const marker = (spec.stdin ?? "").split("\n")[0]?.trim() ?? "";
    return { exitCode: 0, ...result, stdout: `${stdout}\n${marker}\n` };
  };
}
