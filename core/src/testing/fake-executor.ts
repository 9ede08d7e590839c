import type { ExecutionResult, ExecutionSpec, Executor } from "../executor/index.js";

/** A scripted execution: a partial result (the rest filled with a clean exit) or one computed from the spec. */
export type FakeExecution =
  | Partial<ExecutionResult>
  | ((spec: ExecutionSpec, index: number) => Partial<ExecutionResult>);

/** An {@link Executor} that answers from a script and records every spec it was given. */
export interface FakeExecutor extends Executor {
  /** Every spec in the order it arrived (without the signal and callback). */
  readonly specs: readonly ExecutionSpec[];
  remaining(): number;
}

/**
 * An executor for tests: plays scripted results in order and records the specs it ran.
 * Scripted stdout and stderr are also streamed through `onOutput`, as the sandbox does.
 * Running out of results is an error that names the unscripted run.
 *
 * @example
 * const executor = createFakeExecutor([{ exitCode: 1, stderr: "AssertionError" }, { stdout: "ok\n" }]);
 */
export function createFakeExecutor(results: readonly FakeExecution[]): FakeExecutor {
  const specs: ExecutionSpec[] = [];
  let next = 0;
  return {
    get specs() {
      return specs;
    },
    remaining: () => results.length - next,
    async run(spec) {
      spec.signal?.throwIfAborted();
      const index = next;
      const scripted = results[index];
      if (scripted === undefined) {
        throw new Error(
          `The fake executor ran out of results after ${results.length}: script a result for run ${index + 1}.`,
        );
      }
      next += 1;
      const { signal: _signal, onOutput: _onOutput, ...recorded } = spec;
      specs.push(recorded);
      const partial = typeof scripted === "function" ? scripted(spec, index) : scripted;
      const result: ExecutionResult = {
        exitCode: 0,
        stdout: "",
        stderr: "",
        timedOut: false,
        oomKilled: false,
        durationMs: 1,
        truncated: false,
        ...partial,
      };
      if (result.stdout) spec.onOutput?.("stdout", result.stdout);
      if (result.stderr) spec.onOutput?.("stderr", result.stderr);
      return result;
    },
  };
}
