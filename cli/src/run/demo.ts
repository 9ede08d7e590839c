import { readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  type Config,
  ConfigSchema,
  createReplayModel,
  type Executor,
  type LanguageModel,
} from "@codeforge/core";
import { z } from "zod";
import { type CliContext, writeLine } from "../cli-context.js";
import type { ExitCode } from "../exit-codes.js";
import { executeRun } from "./execute-run.js";

/** The folder holding the demo's authored responses and its cassette. */
export const DEMO_DIRECTORY = fileURLToPath(new URL("../../../demo/", import.meta.url));

/** The demo's authored replies, as stored in `demo/scripted-responses.json`. */
export const DemoScriptSchema = z.object({
  about: z.string(),
  model: z.string().regex(/^[^/]+\/.+$/),
  task: z.string(),
  replies: z.array(z.object({ agent: z.string(), object: z.unknown() })).min(1),
});
export type DemoScript = z.infer<typeof DemoScriptSchema>;

/** Paths of the demo's files under a demo folder. */
export function demoPaths(directory = DEMO_DIRECTORY) {
  return {
    script: `${directory.replace(/\/$/, "")}/scripted-responses.json`,
    cassette: `${directory.replace(/\/$/, "")}/cassette.jsonl`,
  };
}

/** Reads and validates the authored replies. */
export async function readDemoScript(directory = DEMO_DIRECTORY): Promise<DemoScript> {
  return DemoScriptSchema.parse(JSON.parse(await readFile(demoPaths(directory).script, "utf8")));
}

/**
 * The demo's configuration: the defaults, never the environment, so recording and replay
 * send byte-identical requests (temperature and token limits are part of a cassette key).
 */
export function demoConfig(): Readonly<Config> {
  return ConfigSchema.parse({});
}

/** What the demo runs with: a model (replaying or recording) and a sandbox. */
export interface DemoOptions {
  model: LanguageModel;
  executor: Executor;
  script: DemoScript;
}

/**
 * Runs the demo task through the real pipeline: the model's answers come from the
 * cassette of authored responses, every program runs in the real sandbox.
 */
export async function runDemo(context: CliContext, options: DemoOptions): Promise<ExitCode> {
  writeLine(context.stdout, "CodeForge demo: a self-repair run with no API key.");
  writeLine(
    context.stdout,
    "The model's answers are SCRIPTED (authored by hand, replayed from demo/cassette.jsonl);",
  );
  writeLine(
    context.stdout,
    "the failing run, its traceback and the passing run are real sandbox runs.",
  );
  writeLine(context.stdout, `Task: ${options.script.task}`);
  writeLine(context.stdout);
  const { exitCode } = await executeRun(
    context,
    { config: demoConfig(), model: options.model, executor: options.executor },
    { prompt: options.script.task, language: "python" },
    { json: false },
  );
  return exitCode;
}

/** The replaying model of the demo: answers from the cassette, never calls a provider. */
export function createDemoReplayModel(
  script: DemoScript,
  directory = DEMO_DIRECTORY,
): LanguageModel {
  return createReplayModel({
    mode: "replay",
    cassettePath: demoPaths(directory).cassette,
    id: script.model,
  });
}

/** A recording model for the demo: plays the authored replies and writes the cassette afresh. */
export async function createDemoRecordingModel(
  inner: LanguageModel,
  directory = DEMO_DIRECTORY,
): Promise<LanguageModel> {
  const { cassette } = demoPaths(directory);
  await rm(cassette, { force: true });
  return createReplayModel({ mode: "record", cassettePath: cassette, inner });
}
