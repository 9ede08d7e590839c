/**
 * `npm run site:demo [-- --record]`: makes the status site's demo snapshot
 * (`site/data/snapshot.json`) from real runs of `codeforge bench` and `codeforge export` on a
 * fresh embedded store. The model replays `site/data/demo-cassette.jsonl`; `--record` writes
 * that cassette afresh from the scripted reference model (see `site-demo.ts`). Needs Docker,
 * the sandbox image and the datasets (`CODEFORGE_DATA_DIR`); no API key.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadDataset } from "@codeforge/benchmarks";
import { createReplayModel, type LanguageModel } from "@codeforge/core";
import { createCliParts } from "../cli-parts.js";
import { createCommands } from "../commands/index.js";
import { EXIT_CODES } from "../exit-codes.js";
import { runCli } from "../run-cli.js";
import { processContext } from "./process-context.js";
import { createReferenceModel, DEMO_SNAPSHOT_LABEL, REFERENCE_MODEL_ID } from "./site-demo.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CASSETTE = path.join(ROOT, "site/data/demo-cassette.jsonl");
const SNAPSHOT = path.join(ROOT, "site/data/snapshot.json");

/** The benchmark commands the demo runs, in order: each is a run on the site. */
const BENCH_RUNS: readonly string[][] = [
  ["--type", "custom", "--concurrency", "2"],
  ["--type", "humaneval", "--limit", "12", "--no-repair", "--concurrency", "2"],
  ["--type", "humaneval", "--limit", "12", "--concurrency", "2"],
  ["--type", "mbpp", "--limit", "12", "--concurrency", "2"],
];

const record = process.argv.includes("--record");
const outer = processContext();
const dataDir = outer.env.CODEFORGE_DATA_DIR ?? path.join(ROOT, "../shared/datasets");
const storeDir = await mkdtemp(path.join(tmpdir(), "codeforge-site-demo-"));
const context = {
  ...outer,
  cwd: ROOT,
  // Only what the runs need: never the caller's keys, config file or database.
  env: {
    PATH: outer.env.PATH,
    HOME: outer.env.HOME,
    CODEFORGE_STORE_DATA_DIR: storeDir,
    CODEFORGE_DATA_DIR: dataDir,
    CODEFORGE_REPAIR_BACKOFF_BASE_SECONDS: "0",
  },
};

try {
  if (record) await rm(CASSETTE, { force: true });
  const problems = (
    await Promise.all(
      (["custom", "humaneval", "mbpp"] as const).map((name) =>
        loadDataset(name, { dataDir, customDir: path.join(ROOT, "benchmarks/custom") }),
      ),
    )
  ).flatMap((dataset) => dataset.problems);
  const model = (): LanguageModel =>
    record
      ? createReplayModel({
          mode: "record",
          cassettePath: CASSETTE,
          inner: createReferenceModel(problems),
        })
      : createReplayModel({ mode: "replay", cassettePath: CASSETTE, id: REFERENCE_MODEL_ID });
  const commands = () =>
    createCommands(createCliParts({ models: async () => ({ model: model() }) }));
  for (const args of BENCH_RUNS) {
    // Pinned, so each run records the scripted model as its model, not the routing defaults.
    const code = await runCli(
      ["bench", ...args, "--model", REFERENCE_MODEL_ID],
      context,
      commands(),
    );
    if (code !== EXIT_CODES.success)
      throw new Error(`codeforge bench ${args.join(" ")} exited with ${code}`);
  }
  const exported = await runCli(
    ["export", "--out", SNAPSHOT, "--include-code", "--label", DEMO_SNAPSHOT_LABEL],
    context,
    commands(),
  );
  // A request the cassette does not have fails its problem, not the run: look for any.
  const stale = JSON.parse(await readFile(SNAPSHOT, "utf8")).benchmarkRuns.some(
    (run: { results: { error: string | null }[] }) =>
      run.results.some((result) => result.error?.includes("No recorded answer")),
  );
  if (stale) {
    throw new Error(
      "the cassette has no answer for some requests (a prompt or the sandbox changed): record it again with npm run site:demo -- --record",
    );
  }
  process.exitCode = exported;
} catch (error) {
  process.stderr.write(`site:demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await rm(storeDir, { recursive: true, force: true });
}
