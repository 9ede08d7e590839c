/**
 * `@codeforge/benchmarks/baseline`: the UNSANDBOXED host Python runner, kept out of the
 * package's main entry on purpose. It is the speed baseline of `npm run bench:eval` and a
 * test helper for trusted reference code only: it runs programs as the current user with
 * full access to the machine, so it is never for model output or any untrusted sample.
 * Evaluate those with `createEvalExecutor` (the sandbox pool).
 */

export { baselinePython } from "./eval/baseline-python.js";
export {
  createHostPythonExecutor,
  type HostPythonExecutorOptions,
} from "./eval/host-python-executor.js";
