import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type PipelineEvent,
  type PipelineTask,
  type RunTaskDeps,
  runTask,
  type TaskResult,
  type WorkspaceSnapshot,
} from "@codeforge/core";
import { type CliContext, writeLine } from "../cli-context.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { createProgressRenderer } from "./progress-renderer.js";
import { writeRepositoryChanges } from "./write-repository-changes.js";
import { writeResultFiles } from "./write-result-files.js";

/** Where a repository task's changes go (`run --repo`). */
export interface RepositoryDelivery {
  /** The repository's folder: a completed task's changes are written into it. */
  directory: string;
  /** Only show (or with `patchFile`, save) the diff; write nothing into the repository. */
  dryRun: boolean;
  /** Also save the unified diff here. */
  patchFile?: string;
  /** Write even over files with uncommitted changes. */
  force: boolean;
}

/** How a run is shown and what it leaves behind. */
export interface RunPresentation {
  /** Print only the final result as one JSON object. */
  json: boolean;
  /** Write the program and its tests here. */
  outDir?: string;
  /** A repository task: where its changes go. */
  repository?: RepositoryDelivery;
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
  if (presentation.repository && task.repository) {
    const { repository } = presentation;
    return deliverRepositoryChanges(context, result, task.repository.snapshot, {
      ...presentation,
      repository,
    });
  }
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

/**
 * A repository task's ending: the diff saved with `--patch`, shown with `--dry-run`, and a
 * completed task's changes written into the repository unless that would overwrite
 * uncommitted work (then nothing is written and the run fails, saying how to go on).
 */
async function deliverRepositoryChanges(
  context: CliContext,
  result: TaskResult,
  base: WorkspaceSnapshot,
  presentation: RunPresentation & { repository: RepositoryDelivery },
): Promise<{ exitCode: ExitCode; result: TaskResult }> {
  const delivery = presentation.repository;
  const outcome = result.repository;
  const patch = outcome?.diff.patch ?? "";
  const out = presentation.json ? context.stderr : context.stdout;
  if (delivery.patchFile && patch) {
    await mkdir(dirname(delivery.patchFile), { recursive: true });
    await writeFile(delivery.patchFile, patch);
    writeLine(out, `  saved the diff to ${delivery.patchFile}`);
  }
  const completed = result.status === "completed";
  const write =
    completed && !delivery.dryRun && outcome
      ? await writeRepositoryChanges(delivery.directory, base, outcome.changes, {
          force: delivery.force,
        })
      : undefined;
  if (presentation.json) {
    writeLine(
      context.stdout,
      JSON.stringify({ ...result, written: write?.written === true ? write.paths : [] }, null, 2),
    );
  } else {
    for (const file of outcome?.diff.files ?? []) {
      writeLine(
        out,
        `  ${file.status.padEnd(8)} ${file.path} +${file.additions} -${file.deletions}`,
      );
    }
    if (delivery.dryRun && patch) writeLine(context.stdout, patch.trimEnd());
    if (write?.written)
      writeLine(out, `  wrote ${write.paths.length} file(s) into ${delivery.directory}`);
  }
  if (write && !write.written) {
    writeLine(
      context.stderr,
      `Not written: ${write.conflicts.join(", ")} ${write.conflicts.length === 1 ? "has" : "have"} uncommitted changes or changed during the run. Commit or stash them and run again, save the diff with --patch FILE, or overwrite with --force.`,
    );
    return { exitCode: EXIT_CODES.failure, result };
  }
  return { exitCode: completed ? EXIT_CODES.success : EXIT_CODES.failure, result };
}
