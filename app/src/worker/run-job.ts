import {
  buildRepoMap,
  type Config,
  createSecretRedactor,
  detectTestCommand,
  type Logger,
  type PipelineEvent,
  type RunTaskDeps,
  runTask,
  secretsOf,
  type TaskRepository,
  type TaskResult,
} from "@codeforge/core";
import {
  applyProgressEvent,
  branchName,
  formatCost,
  type GitHubClient,
  initialProgress,
  openPullRequest,
  PROGRESS_MARKER,
  type ProgressState,
  publishChanges,
  renderProgressComment,
  renderPullRequestBody,
} from "@codeforge/github";
import type { TaskJob } from "../queue/task-job.js";
import type { JobContext } from "../queue/task-queue.js";
import { reply } from "../webhook/thread-actions.js";
import { resolveJobTarget } from "./job-target.js";
import { createProgressComment, type ProgressComment } from "./progress-comment.js";
import { readRepositoryConfig, readRepositorySnapshot } from "./repository-source.js";
import { type RepositorySpend, startOfUtcDay } from "./repository-spend.js";

/** An installation's client and its token (kept only to redact it). */
export interface InstallationClient {
  client: GitHubClient;
  token: string;
}

/** The App's settings a job uses. */
export interface JobSettings {
  /** `{number}` and `{slug}`; default `codeforge/issue-{number}-{slug}`. */
  branchTemplate: string;
  draft: boolean;
  /** Least time between two edits of the progress comment. */
  progressIntervalMs: number;
  /** The operator's cap on what one repository's tasks may cost per UTC day; none when unset. */
  repositoryDailyBudgetUsd?: number | undefined;
}

/** Everything a job works with, injected. */
export interface RunJobDeps {
  installation(installationId: number): Promise<InstallationClient>;
  operatorConfig: Readonly<Config>;
  /** The pipeline's parts for a job's configuration (models or router, executor, repository runner). */
  pipelineParts(
    config: Readonly<Config>,
  ): Promise<Omit<RunTaskDeps, "config" | "signal" | "onEvent" | "store">>;
  tasks?: TaskRepository;
  /** What a repository spent today; with `settings.repositoryDailyBudgetUsd`, the operator's cap. */
  repositorySpend?: RepositorySpend;
  logger: Logger;
  settings: JobSettings;
  /** The clock, for the day of the daily cap. */
  now?: () => Date;
}

/** How a job ended, for the queue and logs. An honest failure is a value; faults throw. */
export type JobOutcome =
  | { status: "refused"; message: string }
  | { status: "completed"; pullRequestUrl: string | null; branch: string | null; taskId: string }
  | { status: "failed"; stopReason: string; branch: string | null; taskId: string };

/** The marker that ties a progress comment to its job, so a retried job edits the same comment. */
export function jobMarker(jobId: string): string {
  return `<!-- codeforge:job ${jobId} -->`;
}

/**
 * Runs one queued command: the progress comment, the repository's config from its default
 * branch, a snapshot from the tarball API, the repository task through the pipeline with live
 * edits, then the branch through the Git Data API and the pull request. A task that fails
 * honestly ends the job with a comment that says why; a fault of GitHub, the sandbox or a
 * provider throws for the queue to retry, after the comment says so.
 */
export async function runJob(
  deps: RunJobDeps,
  job: TaskJob,
  context: JobContext,
): Promise<JobOutcome> {
  const { client, token } = await deps.installation(job.installationId);
  const redact = createSecretRedactor([...secretsOf(deps.operatorConfig), token]);
  const repository = { owner: job.owner, repo: job.repo };
  const task = taskText(job);
  const progress = await openProgressComment(client, job, context, redact, deps);
  const say = (body: string) => progress.finish(`${jobMarker(context.jobId)}\n${body}`);

  const target = await resolveJobTarget(client, job);
  if (!target.ok) {
    await say(`${PROGRESS_MARKER}\n${target.message}`);
    return { status: "refused", message: target.message };
  }
  const configured = await readRepositoryConfig(
    client,
    repository,
    target.defaultBranch,
    deps.operatorConfig,
  );
  if (!configured.ok) {
    const message = `\`.github/codeforge.yml\` on \`${target.defaultBranch}\` is invalid, so CodeForge did not start:\n\n${configured.message}\n\nFix the file on the default branch and comment again.`;
    await say(`${PROGRESS_MARKER}\n### ❌ Not started\n\n${message}`);
    return { status: "refused", message };
  }
  const capped = await capToDailyBudget(deps, job, configured.config);
  if (!capped.ok) {
    await say(`${PROGRESS_MARKER}\n### ❌ Not started\n\n${capped.message}`);
    return { status: "refused", message: capped.message };
  }
  const config = capped.config;
  const snapshot = await readRepositorySnapshot(client, repository, target.baseCommit, config);
  const testCommand = detectTestCommand(snapshot, config.repository.testCommand);
  if (!testCommand) {
    const message =
      "CodeForge found no way to run this repository's tests (no pytest configuration or tests, no `test` script in package.json). Set `repository.testCommand` in `.github/codeforge.yml` on the default branch, then comment again.";
    await say(`${PROGRESS_MARKER}\n### ❌ Not started\n\n${message}`);
    return { status: "refused", message };
  }
  const map = buildRepoMap(snapshot, { task, maxTokens: config.repository.mapTokens });

  let state: ProgressState = initialProgress();
  const notice = target.notice;
  const render = (
    extra: { pullRequestUrl?: string | null; branch?: string | null; notice?: string | null } = {},
  ) =>
    `${jobMarker(context.jobId)}\n${renderProgressComment(state, {
      task,
      now: Date.now(),
      notice: extra.notice ?? notice,
      ...(extra.pullRequestUrl ? { pullRequestUrl: extra.pullRequestUrl } : {}),
      ...(extra.branch ? { branch: extra.branch } : {}),
    })}`;
  const onEvent = (event: PipelineEvent): void => {
    state = applyProgressEvent(state, event);
    if (event.type !== "execution.output") progress.update(render());
  };

  const parts = await deps.pipelineParts(config);
  const result = await runTask(
    {
      ...parts,
      config,
      signal: context.signal,
      onEvent,
      ...(deps.tasks ? { store: deps.tasks } : {}),
    },
    {
      prompt: task,
      source: "app",
      repo: `${job.owner}/${job.repo}`,
      issueNumber: job.number,
      commentUrl: job.commentUrl,
      correlationId: context.jobId,
      repository: {
        snapshot,
        testCommand,
        map: map.text,
        baseCommit: target.baseCommit,
        paths: { allowWorkflowChanges: config.repository.allowWorkflowChanges },
      },
    },
  );
  state = { ...state, outcome: state.outcome ?? outcomeOf(result) };

  const changes = result.repository?.changes ?? [];
  // A fault of a provider, the sandbox or GitHub: the queue tries again, unless this was the last
  // attempt, which is reported below like any failure (its reason says infrastructure fault).
  // A model whose answer stayed invalid failed honestly: that is reported, never retried.
  if (
    result.status === "failed" &&
    result.stopReason === "error" &&
    result.fault === "infrastructure" &&
    !isLastAttempt(context)
  ) {
    await progress.finish(
      render({
        notice: "An infrastructure fault stopped this attempt; CodeForge tries again shortly.",
      }),
    );
    throw new Error(
      `Task ${result.taskId} stopped by an infrastructure fault: ${result.errorMessage ?? "unknown"}`,
    );
  }

  let branch: string | null = null;
  let pullRequestUrl: string | null = null;
  if (changes.length > 0 && !(result.status === "failed" && result.stopReason === "cancelled")) {
    const published = await publishChanges(client, {
      ...repository,
      branch:
        target.mode === "update" && target.branch
          ? target.branch
          : branchName(deps.settings.branchTemplate, {
              number: job.number,
              title: job.command.text || job.title,
            }),
      baseCommit: target.baseCommit,
      changes,
      message: commitMessage(job, result),
      mode: target.mode,
    });
    branch = published.branch;
    if (result.status === "completed" && target.mode === "create") {
      const pull = await openPullRequest(client, {
        ...repository,
        head: published.branch,
        base: target.pullBase,
        title: pullTitle(job),
        body: redact(
          renderPullRequestBody(result, {
            issueNumber: target.fixes,
            task,
            requestedBy: job.author,
            commentUrl: job.commentUrl,
          }),
        ),
        draft: deps.settings.draft,
      });
      pullRequestUrl = pull.url;
      await deps.tasks?.update(result.taskId, { prUrl: pull.url, prNumber: pull.number });
    } else if (result.status === "completed") {
      pullRequestUrl = `https://github.com/${job.owner}/${job.repo}/pull/${job.number}`;
    }
  }
  const nothingToPublish =
    result.status === "completed" && changes.length === 0
      ? "The tests passed without any change, so there is nothing to publish."
      : null;
  await progress.finish(
    render({
      pullRequestUrl,
      branch: result.status === "failed" ? branch : null,
      notice: nothingToPublish ?? notice,
    }),
  );
  return result.status === "completed"
    ? { status: "completed", pullRequestUrl, branch, taskId: result.taskId }
    : { status: "failed", stopReason: result.stopReason, branch, taskId: result.taskId };
}

/**
 * The configuration with the task's cost budget lowered to what is left of the repository's
 * daily cap, or why the task may not start (the cap is used up). The operator's cap wins over
 * the repository's own budget.
 */
async function capToDailyBudget(
  deps: RunJobDeps,
  job: TaskJob,
  config: Readonly<Config>,
): Promise<{ ok: true; config: Readonly<Config> } | { ok: false; message: string }> {
  const cap = deps.settings.repositoryDailyBudgetUsd;
  if (cap === undefined || !deps.repositorySpend) return { ok: true, config };
  const spent = await deps.repositorySpend(
    `${job.owner}/${job.repo}`,
    startOfUtcDay(deps.now?.() ?? new Date()),
  );
  const left = cap - spent;
  if (left <= 0) {
    return {
      ok: false,
      message: `This repository has used today's CodeForge budget (${formatCost(spent)} of ${formatCost(cap)}, set by the App's operator). Comment again after midnight UTC, or ask the operator to raise \`CODEFORGE_APP_REPOSITORY_DAILY_BUDGET_USD\`.`,
    };
  }
  const own = config.budgets.maxCostUsd;
  return {
    ok: true,
    config: {
      ...config,
      budgets: { ...config.budgets, maxCostUsd: own === undefined ? left : Math.min(own, left) },
    },
  };
}

/** The task as the person asked it: the comment's text, or the issue's title and body. */
export function taskText(job: TaskJob): string {
  if (job.command.kind === "fix") return `Fix this pull request: ${job.command.text || job.title}`;
  if (job.command.text.trim() !== "") return job.command.text.trim();
  return `${job.title}\n\n${job.body}`.trim();
}

function pullTitle(job: TaskJob): string {
  const first = (job.command.text.trim() || job.title).split("\n", 1)[0] ?? job.title;
  return first.length > 72 ? `${first.slice(0, 71)}…` : first;
}

function commitMessage(job: TaskJob, result: TaskResult): string {
  const title = pullTitle(job);
  const status = result.status === "completed" ? "tests pass" : `unfinished: ${result.stopReason}`;
  return `${title}\n\nCodeForge task ${result.taskId} for #${job.number} (${status}).`;
}

function isLastAttempt(context: JobContext): boolean {
  return context.retryCount >= context.retryLimit;
}

function outcomeOf(result: TaskResult): ProgressState["outcome"] {
  return {
    status: result.status,
    stopReason: result.stopReason,
    durationMs: result.totalTimeMs,
    costUsd: result.totalCostUsd,
    tokens: result.totalTokens,
    errorMessage: result.errorMessage,
  };
}

async function openProgressComment(
  client: GitHubClient,
  job: TaskJob,
  context: JobContext,
  redact: (text: string) => string,
  deps: RunJobDeps,
): Promise<ProgressComment> {
  const marker = jobMarker(context.jobId);
  let commentId: number | null = null;
  if (context.retryCount > 0) commentId = await findComment(client, job, marker);
  const starting = `${marker}\n${PROGRESS_MARKER}\n### ⏳ CodeForge is starting${context.retryCount > 0 ? " again (the previous attempt was interrupted)" : ""}\n`;
  if (commentId === null) {
    const { data } = await client.request(
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      {
        owner: job.owner,
        repo: job.repo,
        issue_number: job.number,
        body: starting,
      },
    );
    commentId = (data as { id: number }).id;
  } else {
    await client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner: job.owner,
      repo: job.repo,
      comment_id: commentId,
      body: starting,
    });
  }
  return createProgressComment({
    client,
    owner: job.owner,
    repo: job.repo,
    commentId,
    intervalMs: deps.settings.progressIntervalMs,
    redact,
    onError: (error) => deps.logger.warn({ err: error }, "progress comment edit failed"),
  });
}

/** The thread's comment that carries `marker`, if any (the newest 100 comments are searched). */
export async function findComment(
  client: GitHubClient,
  job: Pick<TaskJob, "owner" | "repo" | "number">,
  marker: string,
): Promise<number | null> {
  const { data } = await client.request(
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    {
      owner: job.owner,
      repo: job.repo,
      issue_number: job.number,
      per_page: 100,
    },
  );
  const comments = Array.isArray(data) ? (data as Array<{ id: number; body?: string | null }>) : [];
  return comments.find((comment) => comment.body?.includes(marker))?.id ?? null;
}

/** Says on the thread that a job failed for good (its worker died, or faults used every retry). */
export async function reportInterrupted(
  client: GitHubClient,
  job: TaskJob,
  jobId: string,
): Promise<void> {
  const body = `${jobMarker(jobId)}\n${PROGRESS_MARKER}\n### ❌ The run was interrupted\n\nThe worker running this job stopped or hit an infrastructure fault on every attempt, so nothing was published. Comment \`/codeforge\` again to start over; if it keeps happening, tell the operator of this App.\n`;
  const commentId = await findComment(client, job, jobMarker(jobId));
  if (commentId === null) {
    await reply(client, job, body);
    return;
  }
  await client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
    owner: job.owner,
    repo: job.repo,
    comment_id: commentId,
    body,
  });
}
