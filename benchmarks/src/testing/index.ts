/**
 * `@codeforge/benchmarks/testing`: helpers for tests of code built on the benchmark runner,
 * kept out of the package's main entry.
 */
export { BENCH_SCRIPT, BENCH_SCRIPT_PROBLEM_IDS } from "./bench-script.js";
