/**
 * `npm run bench:sandbox`: how much the sandbox costs, measured in one run on this machine.
 *
 * 1. One-shot: p50/p95 of `createDockerExecutor().run()` against plain `docker run --rm` of
 *    the same image with the same one-line program, interleaved so both see the same load.
 *    Target: p50 ratio ≤ 1.2.
 * 2. Pool: the 164 HumanEval canonical check programs (benchmarks' `buildCheckProgram`:
 *    prompt + canonical solution + test + `check(entry_point)`) through a warm
 *    `SandboxPool` against the same programs run unsandboxed by `bench:eval`'s baseline
 *    (`createHostPythonExecutor`, one host python3 process each), with the same parallelism.
 *    Target: ratio ≤ 1.5.
 *
 * Options: --runs N (one-shot samples, default 20), --parallel K (default 2),
 * --skip-one-shot, --skip-pool, --json (one JSON object at the end).
 * HumanEval is loaded (sha256 checked) from CODEFORGE_DATA_DIR, else ../shared/datasets.
 * The host interpreter is `baselinePython`'s choice, as in `bench:eval`.
 *
 * A dev script and a composition root (it makes the Docker client, which follows
 * DOCKER_HOST): it lives in benchmarks because it measures the sandbox on benchmark
 * programs, and benchmarks builds on sandbox, never the other way round.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { buildCheckProgram, canonicalSamples, loadDataset } from "@codeforge/benchmarks";
import { baselinePython, createHostPythonExecutor } from "@codeforge/benchmarks/baseline";
import { ConfigSchema, type Executor } from "@codeforge/core";
import { createDockerExecutor, createSandboxPool, sandboxImageFor } from "@codeforge/sandbox";
import Docker from "dockerode";

const execFileAsync = promisify(execFile);

interface Outcome {
  passed: boolean;
}

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    parallel: { type: "string", default: "2" },
    "skip-one-shot": { type: "boolean", default: false },
    "skip-pool": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(options.runs);
const parallel = Number(options.parallel);
// Guard off, as in evaluation: the benchmark measures the sandbox, not the pattern match.
const config = ConfigSchema.parse({ sandbox: { guard: "off" } }).sandbox;
const image = sandboxImageFor(config, "python");
const docker = new Docker();
const PROGRAM = 'print("hello from the sandbox")';
const PROGRAM_TIMEOUT_MS = 20_000;
const figures: Record<string, unknown> = { image, runs, parallel };

function log(line: string): void {
  if (!options.json) process.stdout.write(`${line}\n`);
}

function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(3)} s`;
}

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await task();
  return { ms: performance.now() - started, value };
}

async function benchOneShot(): Promise<void> {
  const executor = createDockerExecutor({ docker, config });
  const viaExecutor = async () => {
    const result = await executor.run({ language: "python", code: PROGRAM });
    if (result.exitCode !== 0) throw new Error(`executor run failed: ${result.stderr}`);
  };
  const viaDockerRun = async () => {
    await execFileAsync("docker", ["run", "--rm", image, "python3", "-c", PROGRAM]);
  };
  // Warm-up: the image into the page cache, the executor's one-time stale prune.
  for (let index = 0; index < 2; index += 1) {
    await viaExecutor();
    await viaDockerRun();
  }
  const executorSamples: number[] = [];
  const dockerRunSamples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    // Alternate which goes first, so drift in the machine's load hits both alike.
    const order = index % 2 === 0 ? [viaExecutor, viaDockerRun] : [viaDockerRun, viaExecutor];
    for (const run of order) {
      const { ms } = await timed(run);
      (run === viaExecutor ? executorSamples : dockerRunSamples).push(ms);
    }
  }
  const executorP50 = percentile(executorSamples, 0.5);
  const dockerRunP50 = percentile(dockerRunSamples, 0.5);
  const ratio = executorP50 / dockerRunP50;
  figures.oneShot = {
    executorP50Ms: Math.round(executorP50),
    executorP95Ms: Math.round(percentile(executorSamples, 0.95)),
    dockerRunP50Ms: Math.round(dockerRunP50),
    dockerRunP95Ms: Math.round(percentile(dockerRunSamples, 0.95)),
    ratioP50: Number(ratio.toFixed(3)),
    target: 1.2,
  };
  log(`one-shot (${runs} runs each, interleaved)`);
  log(
    `  DockerExecutor     p50 ${seconds(executorP50)}  p95 ${seconds(percentile(executorSamples, 0.95))}`,
  );
  log(
    `  docker run --rm    p50 ${seconds(dockerRunP50)}  p95 ${seconds(percentile(dockerRunSamples, 0.95))}`,
  );
  log(
    `  ratio (p50)        ${ratio.toFixed(2)}×  (target ≤ 1.2×) ${ratio <= 1.2 ? "met" : "MISSED"}`,
  );
}

/** HumanEval's canonical check programs, built as evaluation builds them. */
async function humanEvalPrograms(): Promise<string[]> {
  const dataDir =
    process.env.CODEFORGE_DATA_DIR ?? resolve(import.meta.dirname, "../../../shared/datasets");
  const dataset = await loadDataset("humaneval", { dataDir });
  const samples = canonicalSamples(dataset.problems);
  return dataset.problems.map((problem, index) => {
    const sample = samples[index];
    if (sample === undefined) throw new Error(`no canonical sample for ${problem.id}`);
    return buildCheckProgram(problem, sample);
  });
}

/** Runs `tasks` with at most `limit` at once, in order of submission. */
async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<Outcome>,
) {
  const outcomes: Outcome[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      outcomes[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return outcomes;
}

async function runProgram(executor: Executor, code: string): Promise<Outcome> {
  const result = await executor.run({ language: "python", code, timeoutMs: PROGRAM_TIMEOUT_MS });
  return { passed: result.exitCode === 0 && !result.timedOut };
}

async function benchPool(): Promise<void> {
  const programs = await humanEvalPrograms();
  const python = baselinePython(process.env);
  const host = createHostPythonExecutor({ python });
  // One warm-up program, so both sides start with the interpreter in the page cache.
  await runProgram(host, programs[0] ?? "pass");
  const unsandboxed = await timed(() =>
    runLimited(programs, parallel, (code) => runProgram(host, code)),
  );

  const pool = createSandboxPool({ docker, config, size: parallel });
  let warmUpMs: number;
  let pooled: { ms: number; value: Outcome[] };
  try {
    warmUpMs = (await timed(() => pool.warmUp())).ms;
    await pool.run({ language: "python", code: "pass" });
    pooled = await timed(() => runLimited(programs, parallel, (code) => runProgram(pool, code)));
  } finally {
    await pool.close();
  }

  const passed = (outcomes: readonly Outcome[]) =>
    outcomes.filter((outcome) => outcome.passed).length;
  const ratio = pooled.ms / unsandboxed.ms;
  figures.pool = {
    programs: programs.length,
    hostPython: python,
    unsandboxedMs: Math.round(unsandboxed.ms),
    unsandboxedPassed: passed(unsandboxed.value),
    poolMs: Math.round(pooled.ms),
    poolPassed: passed(pooled.value),
    poolWarmUpMs: Math.round(warmUpMs),
    ratio: Number(ratio.toFixed(3)),
    ratioWithWarmUp: Number(((pooled.ms + warmUpMs) / unsandboxed.ms).toFixed(3)),
    target: 1.5,
  };
  log(`HumanEval canonical programs (${programs.length}, parallelism ${parallel})`);
  log(
    `  unsandboxed python3   ${seconds(unsandboxed.ms)}  (${passed(unsandboxed.value)}/${programs.length} passed, ${python})`,
  );
  log(
    `  warm sandbox pool     ${seconds(pooled.ms)}  (${passed(pooled.value)}/${programs.length} passed; warm-up ${seconds(warmUpMs)} not included)`,
  );
  log(
    `  ratio                 ${ratio.toFixed(2)}×  (target ≤ 1.5×) ${ratio <= 1.5 ? "met" : "MISSED"}`,
  );
  log(`  ratio incl. warm-up   ${((pooled.ms + warmUpMs) / unsandboxed.ms).toFixed(2)}×`);
}

async function main(): Promise<void> {
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(parallel) || parallel < 1) {
    throw new Error("--runs and --parallel take whole numbers of at least 1");
  }
  await docker.ping().catch((error: unknown) => {
    throw new Error(
      `the Docker engine is unreachable (${String(error)}): start Docker or set DOCKER_HOST`,
    );
  });
  log(`sandbox benchmark: ${image}, ${new Date().toISOString()}`);
  if (!options["skip-one-shot"]) await benchOneShot();
  if (!options["skip-pool"]) await benchPool();
  if (options.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
