import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checked-in bundle, as `action.yml` names it. */
export const BUNDLE = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** What a run of the bundle left: exit code, log, outputs and job summary. */
export interface BundleRun {
  exitCode: number | null;
  /** stdout and stderr together, as the runner's log shows them. */
  log: string;
  /** The outputs written to GITHUB_OUTPUT, by name. */
  outputs: Record<string, string>;
  /** The raw GITHUB_OUTPUT file. */
  outputFile: string;
  summary: string;
}

/** Parses the `name<<delimiter` blocks `@actions/core` writes to GITHUB_OUTPUT. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index] ?? "");
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== delimiter; index += 1) {
      value.push(lines[index] ?? "");
    }
    outputs[name as string] = value.join("\n");
  }
  return outputs;
}

/**
 * Runs `node action/dist/index.js` as the runner starts it: inputs as `INPUT_<NAME>`
 * variables (hyphens kept, upper case), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the
 * event payload in GITHUB_EVENT_PATH, plus `env`. Nothing of this process's environment
 * leaks in but PATH, HOME and the Docker variables.
 */
export async function runBundle(options: {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  event?: { name: string; payload: unknown };
  cwd?: string;
}): Promise<BundleRun> {
  const folder = await mkdtemp(join(tmpdir(), "codeforge-action-run-"));
  const outputPath = join(folder, "output");
  const summaryPath = join(folder, "summary");
  const eventPath = join(folder, "event.json");
  await writeFile(outputPath, "");
  await writeFile(summaryPath, "");
  await writeFile(eventPath, JSON.stringify(options.event?.payload ?? {}));
  const inherited = Object.fromEntries(
    ["PATH", "HOME", "DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"].flatMap((name) =>
      process.env[name] === undefined ? [] : [[name, process.env[name] as string]],
    ),
  );
  const env = {
    ...inherited,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: options.event?.name ?? "workflow_dispatch",
    RUNNER_TEMP: folder,
    ...Object.fromEntries(
      Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
    ...options.env,
  };
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: options.cwd ?? folder,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => {
    log += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    log += chunk.toString("utf8");
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  const outputFile = await readFile(outputPath, "utf8");
  return {
    exitCode,
    log,
    outputs: parseOutputFile(outputFile),
    outputFile,
    summary: await readFile(summaryPath, "utf8"),
  };
}
