import {
  type PipelineEvent,
  type PipelineTask,
  type RunTaskDeps,
  runTask,
  type TaskResult,
} from "@codeforge/core";
import { type CliContext, writeLine } from "../cli-context.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { createProgressRenderer } from "./progress-renderer.js";
import { writeResultFiles } from "./write-result-files.js";

/** How a run is shown and what it leaves behind. */
export interface RunPresentation {
  /** Print only the final result as one JSON object. */
  json: boolean;
  /** Write the program and its tests here. */
  outDir?: string;
}

/**
 * Runs one task with wired dependencies and presents it: live progress (or one JSON
 * object with `--json`, progress then going to stderr when that is a terminal), the result
 * files with `--out`. Returns exit code 0 when the task
 * completed and 1 when it failed.
 */
export async function executeRun(
  context: CliContext,
  deps: RunTaskDeps,
  task: PipelineTask,
  presentation: RunPresentation,
): Promise<{ exitCode: ExitCode; result: TaskResult }> {
  // With --json stdout carries only the result; a person watching a terminal still sees
  // progress, on stderr.
  const render = !presentation.json
    ? createProgressRenderer({ stream: context.stdout, tty: context.stdout.isTTY === true })
    : context.stderr.isTTY
      ? createProgressRenderer({ stream: context.stderr, tty: true })
      : undefined;
  const onEvent = (event: PipelineEvent) => {
    render?.(event);
    deps.onEvent?.(event);
  };
  const result = await runTask({ ...deps, onEvent }, task);
  const written = presentation.outDir ? await writeResultFiles(presentation.outDir, result) : [];
  if (presentation.json) {
    writeLine(context.stdout, JSON.stringify({ ...result, files: written }, null, 2));
  } else {
    for (const path of written) writeLine(context.stdout, `  wrote ${path}`);
  }
  return {
    exitCode: result.status === "completed" ? EXIT_CODES.success : EXIT_CODES.failure,
    result,
  };
}
