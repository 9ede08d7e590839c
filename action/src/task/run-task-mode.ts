import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildRepoMap,
  type Config,
  detectTestCommand,
  type Logger,
  type PipelineEvent,
  readDirectorySnapshot,
  runTask,
  UsageError,
} from "@codeforge/core";
import type { RepositoryRef } from "@codeforge/github";
import type { ActionContext } from "../action-io.js";
import type { ActionParts, ModelChoice } from "../action-parts.js";
import { ensureSandboxImage } from "../ensure-sandbox-image.js";
import type { ActionInputs } from "../inputs/action-inputs.js";
import { REPOSITORY_CONFIG_FILE } from "../load-action-config.js";
import type { ModeOutcome } from "../mode-outcome.js";
import { publishPullRequest } from "./publish-pull-request.js";
import { taskSummary } from "./task-summary.js";
import { type EventPayload, readEventPayload, resolveTaskTrigger } from "./task-trigger.js";
import { writeChanges } from "./write-changes.js";

/** What task mode works with. */
export interface TaskModeOptions {
  context: ActionContext;
  parts: ActionParts;
  config: Readonly<Config>;
  logger: Logger;
  inputs: ActionInputs;
  pinned: ModelChoice | undefined;
  /** The checked-out repository (`GITHUB_WORKSPACE`). */
  workspace: string;
}

/** `owner/repo` from `GITHUB_REPOSITORY`. */
function repositoryOf(name: string | undefined): RepositoryRef | undefined {
  const [owner, repo, ...rest] = (name ?? "").split("/");
  if (!owner || !repo || rest.length > 0) return undefined;
  return { owner, repo };
}

/**
 * The branch the pull request goes into: the branch the workflow ran on, else (a tag, an
 * event on the default branch's commit) the repository's default branch.
 */
function baseBranchOf(
  env: Readonly<Record<string, string | undefined>>,
  payload: EventPayload,
): string {
  if (env.GITHUB_REF?.startsWith("refs/heads/") && env.GITHUB_REF_NAME) return env.GITHUB_REF_NAME;
  return payload.repository?.default_branch ?? env.GITHUB_REF_NAME ?? "main";
}

/** Renders pipeline events as the runner's log: a group per step, progress lines inside. */
function createEventRenderer(context: ActionContext) {
  const { io } = context;
  let open = false;
  const close = () => {
    if (open) io.endGroup();
    open = false;
  };
  return {
    close,
    onEvent(event: PipelineEvent) {
      switch (event.type) {
        case "status.changed":
          close();
          io.startGroup(`CodeForge: ${event.to}`);
          open = true;
          break;
        case "agent.started":
          io.info(`${event.agent} started${event.detail ? `: ${event.detail}` : ""}`);
          break;
        case "agent.completed":
          io.info(`${event.agent} done`);
          break;
        case "execution.completed":
          io.info(`tests run ${event.attempt}: ${event.passed ? "passed" : "failed"}`);
          break;
        case "repair.started":
          io.info(`repair ${event.retry} of ${event.maxRetries}`);
          break;
        case "task.completed":
        case "task.failed":
          close();
          io.info(`task ${event.result.status}: ${event.result.stopReason}`);
          break;
      }
    },
  };
}

/**
 * Task mode: the task (from the `prompt` input or the triggering event) runs as a
 * repository task on the checked-out workspace at its commit, verified by the repository's
 * own tests in the sandbox (the image built on the runner when missing). On success the
 * changes go to a pull request (`open-pr: true`) or stay in the workspace for later steps,
 * with the diff in a file either way. An honest task failure is `status: failed` with exit
 * code 0 unless `fail-on-task-failure`.
 */
export async function runTaskMode(options: TaskModeOptions): Promise<ModeOutcome> {
  const { context, parts, config, logger, inputs, pinned, workspace } = options;
  const { io, env } = context;
  const payload = await readEventPayload(env.GITHUB_EVENT_PATH);
  const repository = repositoryOf(env.GITHUB_REPOSITORY);
  const token = inputs["github-token"];
  const client =
    token === undefined
      ? undefined
      : parts.github(token, env.GITHUB_API_URL ?? "https://api.github.com");
  const trigger = await resolveTaskTrigger(inputs, env.GITHUB_EVENT_NAME, payload, {
    client,
    repository,
  });
  if (trigger.kind === "skip") {
    io.info(trigger.reason);
    return {
      outputs: { status: "skipped" },
      summary: `## CodeForge: skipped\n\n${trigger.reason}\n`,
      exitCode: 0,
    };
  }
  io.info(`task from ${trigger.origin}`);

  const snapshot = await readDirectorySnapshot(workspace, {
    maxFiles: config.repository.maxFiles,
    maxTotalBytes: config.repository.maxTotalBytes,
    maxFileBytes: config.repository.maxFileBytes,
  });
  const testCommand = detectTestCommand(snapshot, config.repository.testCommand);
  if (testCommand === undefined) {
    throw new UsageError(
      `Cannot tell how this repository's tests run: set repository.testCommand in ${REPOSITORY_CONFIG_FILE} (for example "python3 -m pytest"), or set CODEFORGE_REPOSITORY_TEST_COMMAND in the workflow's env`,
    );
  }
  const docker = parts.createDocker();
  const image = await ensureSandboxImage(
    docker,
    config,
    testCommand.language,
    parts.assets.dockerfilesDir,
    io,
  );
  const map = buildRepoMap(snapshot, {
    task: trigger.prompt,
    maxTokens: config.repository.mapTokens,
  });
  const models = await parts.models(config, logger, pinned);
  const store = await parts.openStore(config, workspace);
  const renderer = createEventRenderer(context);
  const paths = { allowWorkflowChanges: config.repository.allowWorkflowChanges };
  try {
    const result = await runTask(
      {
        config,
        executor: parts.executor(config, logger),
        repositoryRunner: parts.repositoryRunner(config),
        ...models,
        costTracker: parts.costTracker(config, logger),
        store: store.tasks,
        logger,
        signal: context.signal,
        onEvent: (event) => renderer.onEvent(event),
      },
      {
        prompt: trigger.prompt,
        source: "action",
        repo: env.GITHUB_REPOSITORY ?? null,
        issueNumber: trigger.issueNumber,
        repository: {
          snapshot,
          testCommand,
          map: map.text,
          baseCommit: env.GITHUB_SHA ?? null,
          paths,
        },
      },
    );
    renderer.close();
    const outcome = result.repository;
    let diffFile: string | undefined;
    let changesLeftIn: string | undefined;
    let pull: { branch: string; url: string } | undefined;
    if (result.status === "completed" && outcome) {
      const folder = join(env.RUNNER_TEMP ?? tmpdir(), "codeforge");
      await mkdir(folder, { recursive: true });
      diffFile = join(folder, `${result.taskId}.diff`);
      await writeFile(diffFile, outcome.diff.patch);
      if (inputs["open-pr"]) {
        if (client === undefined || repository === undefined) {
          throw new UsageError(
            "Opening a pull request needs the github-token input and GITHUB_REPOSITORY: give the token (the default, github.token, will do, with contents: write and pull-requests: write), or set open-pr: false",
          );
        }
        const baseCommit = outcome.baseCommit ?? env.GITHUB_SHA;
        if (baseCommit === undefined || baseCommit === null) {
          throw new UsageError("GITHUB_SHA is not set: run the action on a GitHub runner");
        }
        io.startGroup("CodeForge: pull request");
        try {
          pull = await publishPullRequest(client, result, {
            repository,
            baseCommit,
            baseBranch: baseBranchOf(env, payload),
            prompt: trigger.prompt,
            issueNumber: trigger.issueNumber,
            requestedBy: trigger.requestedBy,
            commentUrl: trigger.commentUrl,
            runNumber: Number(env.GITHUB_RUN_ID ?? Date.now()),
          });
          io.info(`opened ${pull.url} from ${pull.branch}`);
        } finally {
          io.endGroup();
        }
      } else {
        await writeChanges(workspace, outcome.changes, paths);
        changesLeftIn = workspace;
        io.info(`wrote ${outcome.changes.length} changed file(s) into ${workspace}`);
      }
    }
    const failed = result.status !== "completed";
    if (failed) io.warning(`the task failed: ${result.errorMessage ?? result.stopReason}`);
    return {
      outputs: {
        status: failed ? "failed" : "completed",
        taskId: result.taskId,
        costUsd: result.totalCostUsd,
        tokens: result.totalTokens,
        ...(diffFile === undefined ? {} : { diffFile }),
        ...(pull === undefined ? {} : { prUrl: pull.url, branch: pull.branch }),
      },
      summary: taskSummary(result, {
        image,
        ...(diffFile === undefined ? {} : { diffFile }),
        ...(changesLeftIn === undefined ? {} : { changesLeftIn }),
        ...(pull === undefined ? {} : { prUrl: pull.url }),
      }),
      exitCode: failed && inputs["fail-on-task-failure"] ? 1 : 0,
    };
  } finally {
    renderer.close();
    await store.close();
  }
}
