import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  canonicalSamples,
  DATASET_NAMES,
  type DatasetName,
  type EvalSample,
  EvalSampleLineSchema,
  evaluateSamples,
  isDatasetName,
  loadDataset,
  type SampleEvaluation,
  summarizePassAtK,
  tallyByTask,
} from "@codeforge/benchmarks";
import { CodeForgeError, UsageError } from "@codeforge/core";
import type { Command } from "commander";
import { type CliContext, writeLine } from "../cli-context.js";
import type { CliParts } from "../cli-parts.js";
import { commandAction, type ExitCodeBox } from "../command-action.js";
import { datasetLocation } from "../dataset-location.js";
import { EXIT_CODES } from "../exit-codes.js";
import { createCliLogger, loadCliConfig } from "../load-cli-config.js";
import { parseIntegerFlag } from "../parse-integer-flag.js";
import type { CommandRegistrar } from "./command-registrar.js";

interface EvalOptions {
  dataset: string;
  samples: string;
  out?: string;
  k: string;
  concurrency?: string;
  timeout?: string;
  dataDir?: string;
}

/** One input line and its verdict, as written to the results file. */
interface SampleRecord {
  line: Record<string, unknown>;
  sample: EvalSample;
}

/** Parses `--k 1,10,100`. */
export function parseKs(text: string): number[] {
  const ks = text.split(",").map((part) => part.trim());
  if (ks.some((part) => part === "")) {
    throw new UsageError(`--k must be a comma-separated list of whole numbers, not "${text}"`);
  }
  return [...new Set(ks.map((part) => parseIntegerFlag("--k", part, { min: 1 })))].sort(
    (a, b) => a - b,
  );
}

/** Reads a samples file (JSON Lines), naming the line of any entry that is not a sample. */
export async function readSamplesFile(path: string): Promise<SampleRecord[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `Cannot read the samples file ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): pass an existing .jsonl file or --samples canonical`,
      { cause: error },
    );
  }
  const records: SampleRecord[] = [];
  for (const [index, raw] of text.split("\n").entries()) {
    if (raw.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new UsageError(
        `${path} line ${index + 1} is not JSON: each line must be one sample object`,
      );
    }
    const parsed = EvalSampleLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
      throw new UsageError(
        `${path} line ${index + 1} is not a sample (${where}${issue?.message ?? "invalid"}): write {"task_id", "completion"} or {"task_id", "solution"}`,
      );
    }
    const line = parsed.data;
    records.push({
      line,
      sample: {
        taskId: line.task_id,
        ...(line.completion === undefined ? {} : { completion: line.completion }),
        ...(line.solution === undefined ? {} : { solution: line.solution }),
      },
    });
  }
  if (records.length === 0) throw new UsageError(`${path} holds no samples`);
  return records;
}

function canonicalRecords(samples: readonly EvalSample[]): SampleRecord[] {
  return samples.map((sample) => ({
    sample,
    line: {
      task_id: sample.taskId,
      ...(sample.completion === undefined ? {} : { completion: sample.completion }),
      ...(sample.solution === undefined ? {} : { solution: sample.solution }),
    },
  }));
}

/**
 * The summary `codeforge eval` prints: counts, the failures, then pass@k for every k the
 * samples allow (and, when `explainSkipped`, why another k is missing), with pass@1 on the
 * last line.
 */
export function formatEvalSummary(
  dataset: DatasetName,
  evaluations: readonly SampleEvaluation[],
  ks: readonly number[],
  seconds: number,
  explainSkipped = true,
): string[] {
  const tallies = tallyByTask(evaluations);
  const summary = summarizePassAtK(tallies, [...ks, 1]);
  const count = (verdict: SampleEvaluation["verdict"]) =>
    evaluations.filter((evaluation) => evaluation.verdict === verdict).length;
  const lines = [
    `${dataset}: ${summary.samples} sample(s) of ${summary.tasks} task(s) in ${seconds.toFixed(1)} s`,
    `passed ${count("passed")} · failed ${count("failed")} · timed out ${count("timed_out")}`,
  ];
  const notPassed = evaluations.filter((evaluation) => !evaluation.passed);
  for (const evaluation of notPassed.slice(0, 20)) {
    lines.push(`  ${evaluation.problemId}: ${evaluation.result.slice(0, 160)}`);
  }
  if (notPassed.length > 20)
    lines.push(`  … and ${notPassed.length - 20} more (see the results file)`);
  const fewest = Math.min(...tallies.map((tally) => tally.n));
  for (const k of explainSkipped ? summary.skipped : []) {
    lines.push(`pass@${k}: not computed (a task has only ${fewest} sample(s))`);
  }
  for (const [k, value] of summary.passAtK) {
    if (k !== 1) lines.push(`pass@${k}: ${value.toFixed(4)}`);
  }
  lines.push(`pass@1: ${(summary.passAtK.get(1) ?? 0).toFixed(4)}`);
  return lines;
}

/**
 * Builds the `codeforge eval` registrar: evaluates samples (or the reference solutions)
 * against a dataset's hidden tests in the sandbox with the static guard off, writes each
 * line back with `passed` and `result`, and prints pass@k.
 */
export function createEvalCommand(
  parts: Pick<CliParts, "createEvaluator" | "fetch" | "homeDir">,
): CommandRegistrar {
  return (program: Command, context: CliContext, exit: ExitCodeBox) => {
    program
      .command("eval")
      .description("evaluate samples against a benchmark's hidden tests in the sandbox; pass@k")
      .requiredOption("--dataset <name>", DATASET_NAMES.join(" | "))
      .requiredOption(
        "--samples <file>",
        "JSON Lines of {task_id, completion} or {task_id, solution}, or `canonical`",
      )
      .option("--out <file>", "results file (default: <samples>_results.jsonl)")
      .option("--k <list>", "pass@k to report, comma-separated", "1,10,100")
      .option("--concurrency <n>", "programs in flight (default: sandbox.poolSize)")
      .option("--timeout <seconds>", "time budget per program (default: per dataset)")
      .option(
        "--data-dir <dir>",
        "folder holding the dataset files (else CODEFORGE_DATA_DIR, else a download cache)",
      )
      .action(
        commandAction(exit, async (options: EvalOptions, command: Command) => {
          if (!isDatasetName(options.dataset)) {
            throw new UsageError(
              `--dataset must be one of ${DATASET_NAMES.join(", ")}, not "${options.dataset}"`,
            );
          }
          const datasetName = options.dataset;
          const ks = parseKs(options.k);
          const timeoutSeconds =
            options.timeout === undefined ? undefined : Number(options.timeout);
          if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= 600)) {
            throw new UsageError(
              `--timeout must be a number of seconds up to 600, not "${options.timeout}"`,
            );
          }
          // Evaluation relies on the container for isolation, never on the static guard.
          const config = loadCliConfig(context, command, { sandbox: { guard: "off" } });
          const concurrency =
            options.concurrency === undefined
              ? config.sandbox.poolSize
              : parseIntegerFlag("--concurrency", options.concurrency, { min: 1 });

          const dataset = await loadDataset(
            datasetName,
            datasetLocation(context, config, {
              dataDir: options.dataDir,
              homeDir: parts.homeDir,
              fetch: parts.fetch,
            }),
          );

          const canonical = options.samples === "canonical";
          const samplesPath = canonical ? undefined : resolve(context.cwd, options.samples);
          const records =
            samplesPath === undefined
              ? canonicalRecords(canonicalSamples(dataset.problems))
              : await readSamplesFile(samplesPath);
          const outPath =
            options.out !== undefined
              ? resolve(context.cwd, options.out)
              : samplesPath === undefined
                ? undefined
                : `${samplesPath}_results.jsonl`;

          const executor = parts.createEvaluator(
            config,
            createCliLogger(context, config),
            concurrency,
          );
          const progress = context.stderr.isTTY === true;
          let done = 0;
          const started = performance.now();
          let evaluations: SampleEvaluation[];
          try {
            evaluations = await evaluateSamples({
              dataset,
              samples: records.map((record) => record.sample),
              executor,
              concurrency,
              signal: context.signal,
              ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
              onResult: () => {
                done += 1;
                if (progress) context.stderr.write(`\r[eval] ${done}/${records.length}`);
              },
            });
          } catch (error) {
            if (!context.signal.aborted) throw error;
            const reason = context.signal.reason;
            throw new CodeForgeError(
              `Interrupted (${reason instanceof Error ? reason.message : String(reason)}): evaluation stopped, nothing was written`,
              { cause: error },
            );
          } finally {
            if (progress) context.stderr.write("\n");
            await executor.close?.();
          }
          const seconds = (performance.now() - started) / 1000;

          if (outPath !== undefined) {
            const lines = evaluations.map((evaluation) =>
              JSON.stringify({
                ...records[evaluation.index]?.line,
                passed: evaluation.passed,
                result: evaluation.result,
              }),
            );
            await writeFile(outPath, `${lines.join("\n")}\n`);
          }
          // Only a k the user asked for is worth a "not computed" line; the default list is not.
          const explainSkipped = command.getOptionValueSource("k") !== "default";
          const summary = formatEvalSummary(datasetName, evaluations, ks, seconds, explainSkipped);
          const firstPassLine = summary.findIndex((line) => line.startsWith("pass@"));
          if (outPath !== undefined) summary.splice(firstPassLine, 0, `results: ${outPath}`);
          for (const line of summary) writeLine(context.stdout, line);
          return EXIT_CODES.success;
        }),
      );
  };
}
