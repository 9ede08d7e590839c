/**
 * `npm run bench:eval`: how long evaluating HumanEval's canonical solutions takes in the
 * sandbox pool (`evaluateSamples` over `createEvalExecutor`, the evaluation `codeforge eval
 * --dataset humaneval --samples canonical` runs) against the unsandboxed baseline (one host
 * python3 process per program, same parallelism), in the same run, and the ratio (target
 * ≤ 1.5×). Both sides time the library call only: the dataset is loaded before the clock
 * starts, and the CLI's start-up, config loading and results file are not included. With
 * `--verify` it also checks every dataset's reference solutions against the published
 * reference facts.
 *
 *   npm run bench:eval -- [--data-dir DIR] [--concurrency N] [--verify]
 *
 * A composition root: it reads the environment and builds the real sandbox.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  canonicalSamples,
  createEvalExecutor,
  type DatasetName,
  evaluateSamples,
  loadDataset,
  type SampleEvaluation,
} from "@codeforge/benchmarks";
import { baselinePython, createHostPythonExecutor } from "@codeforge/benchmarks/baseline";
import { ConfigSchema, type Executor } from "@codeforge/core";
import Docker from "dockerode";

/** What the datasets' own reference solutions score (see the datasets README). */
const REFERENCE_FACTS: readonly {
  dataset: DatasetName;
  passed: number;
  total: number;
  failing: string[];
}[] = [
  { dataset: "humaneval", passed: 164, total: 164, failing: [] },
  { dataset: "humaneval-plus", passed: 164, total: 164, failing: [] },
  { dataset: "mbpp", passed: 972, total: 974, failing: ["367", "927"] },
  { dataset: "mbpp-sanitized", passed: 427, total: 427, failing: [] },
  { dataset: "custom", passed: 25, total: 25, failing: [] },
];

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    concurrency: { type: "string", default: "2" },
    verify: { type: "boolean", default: false },
  },
});
const dataDir = resolve(
  values["data-dir"] ??
    process.env.CODEFORGE_DATA_DIR ??
    resolve(import.meta.dirname, "../../../shared/datasets"),
);
const concurrency = Number(values.concurrency);

const python = baselinePython(process.env);
const sandbox = createEvalExecutor({
  docker: new Docker(),
  sandbox: ConfigSchema.parse({}).sandbox,
  size: concurrency,
});

async function timeCanonical(dataset: DatasetName, executor: Executor) {
  const loaded = await loadDataset(dataset, { dataDir });
  const started = performance.now();
  const results = await evaluateSamples({
    dataset: loaded,
    samples: canonicalSamples(loaded.problems),
    executor,
    concurrency,
  });
  return { seconds: (performance.now() - started) / 1000, results };
}

function failingIds(results: readonly SampleEvaluation[]): string[] {
  return results.filter((result) => !result.passed).map((result) => result.problemId);
}

let ok = true;
try {
  console.log(
    `HumanEval canonical through evaluateSamples, concurrency ${concurrency}, data ${dataDir} (loading the dataset is not timed)`,
  );
  const baseline = await timeCanonical("humaneval", createHostPythonExecutor({ python }));
  console.log(
    `  unsandboxed host python3 (evaluateSamples): ${baseline.seconds.toFixed(1)} s (${164 - failingIds(baseline.results).length}/164 passed, ${python})`,
  );
  const sandboxed = await timeCanonical("humaneval", sandbox);
  const passed = sandboxed.results.length - failingIds(sandboxed.results).length;
  console.log(
    `  sandbox pool (evaluateSamples, as codeforge eval runs it): ${sandboxed.seconds.toFixed(1)} s (${passed}/164 passed)`,
  );
  const ratio = sandboxed.seconds / baseline.seconds;
  console.log(
    `  ratio: ${ratio.toFixed(2)}× (target ≤ 1.5×)${ratio <= 1.5 ? "" : " — above target"}`,
  );
  if (passed !== 164) ok = false;

  if (values.verify) {
    console.log("Reference facts (canonical solutions in the sandbox):");
    for (const fact of REFERENCE_FACTS) {
      const run =
        fact.dataset === "humaneval" ? sandboxed : await timeCanonical(fact.dataset, sandbox);
      const failing = failingIds(run.results);
      const agrees =
        run.results.length === fact.total &&
        run.results.length - failing.length === fact.passed &&
        failing.join(",") === fact.failing.join(",");
      ok &&= agrees;
      const detail = failing.length > 0 ? ` failing: ${failing.slice(0, 10).join(", ")}` : "";
      console.log(
        `  ${agrees ? "ok  " : "FAIL"} ${fact.dataset}: ${run.results.length - failing.length}/${run.results.length} (expected ${fact.passed}/${fact.total}) in ${run.seconds.toFixed(1)} s${detail}`,
      );
    }
  }
} finally {
  await sandbox.close?.();
}
process.exitCode = ok ? 0 : 1;
