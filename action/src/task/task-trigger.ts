import { readFile } from "node:fs/promises";
import { UsageError } from "@codeforge/core";
import {
  type CommentAuthor,
  checkPermission,
  type GitHubClient,
  isBot,
  parseTrigger,
  type RepositoryRef,
} from "@codeforge/github";
import type { ActionInputs } from "../inputs/action-inputs.js";

/** Where a task mode run takes its task from, or why it does nothing. */
export type TaskTrigger =
  | {
      kind: "task";
      prompt: string;
      /** The issue or pull request the task came from, when there is one. */
      issueNumber: number | null;
      /** Who asked (the commenter or labeller), when a person did through an event. */
      requestedBy: string | null;
      /** The comment that asked, for the pull request body. */
      commentUrl: string | null;
      /** How the task was found, for the log. */
      origin: string;
    }
  | { kind: "skip"; reason: string };

interface PayloadUser {
  login?: string;
  type?: string;
}

/** The parts of a webhook payload task mode reads. */
export interface EventPayload {
  inputs?: Record<string, unknown>;
  sender?: PayloadUser;
  comment?: { body?: string; html_url?: string; user?: PayloadUser };
  issue?: { number?: number; title?: string; body?: string | null };
  pull_request?: {
    number?: number;
    head?: { repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } };
  };
  repository?: { default_branch?: string };
}

/** Reads the event payload the runner wrote (`GITHUB_EVENT_PATH`); empty when there is none. */
export async function readEventPayload(path: string | undefined): Promise<EventPayload> {
  if (path === undefined || path === "") return {};
  try {
    return JSON.parse(await readFile(path, "utf8")) as EventPayload;
  } catch (error) {
    throw new UsageError(
      `Cannot read the event payload at GITHUB_EVENT_PATH=${path} (${String(error)}): run the action on a GitHub runner, or give the prompt input`,
      { cause: error },
    );
  }
}

/** What resolving the trigger may need: the API (for the permission gate) and the repository. */
export interface TaskTriggerDeps {
  /** Absent without a `github-token`; a comment or label trigger then cannot be checked. */
  client: GitHubClient | undefined;
  repository: RepositoryRef | undefined;
}

function issueTask(issue: { title?: string; body?: string | null }): string {
  const title = issue.title ?? "";
  const body = issue.body?.trim() ?? "";
  return body === "" ? title : `${title}\n\n${body}`;
}

/**
 * The App's guards for a person who triggers work through an event: bots never trigger (no
 * loops), and only users with write permission on the repository, asked of the API.
 */
async function gate(
  author: PayloadUser | undefined,
  deps: TaskTriggerDeps,
  what: string,
): Promise<string | null> {
  if (author?.login === undefined) return `${what} names no user: nothing to check, nothing done.`;
  const user: CommentAuthor = { login: author.login, type: author.type ?? "User" };
  if (isBot(user)) return `${what} is by the bot ${user.login}; bots never trigger CodeForge.`;
  if (deps.client === undefined || deps.repository === undefined) {
    throw new UsageError(
      `${what} must be checked for write permission, which needs the github-token input (the default, github.token, will do) and GITHUB_REPOSITORY`,
    );
  }
  const verdict = await checkPermission(deps.client, deps.repository, user);
  if (verdict.allowed) return null;
  const permission = verdict.reason === "permission" ? verdict.permission : "bot";
  return `${user.login} has ${permission} permission on ${deps.repository.owner}/${deps.repository.repo}; only people with write access can trigger CodeForge.`;
}

/**
 * Finds the task of a task-mode run, with the same guards as the App:
 * - the `prompt` input (the workflow's author chose it);
 * - `workflow_dispatch`: its `prompt` input;
 * - `issue_comment`: a comment with the trigger phrase (`/codeforge <task>`, or alone for the
 *   issue itself), by a person with write permission, never a bot;
 * - `issues` (e.g. `labeled`): the issue's title and body, when the sender may write.
 * A `pull_request` from a fork (no secrets, read-only token) and every refused trigger are a
 * skip with the reason, not a failure.
 */
export async function resolveTaskTrigger(
  inputs: ActionInputs,
  eventName: string | undefined,
  payload: EventPayload,
  deps: TaskTriggerDeps,
): Promise<TaskTrigger> {
  const pull = payload.pull_request;
  if ((eventName === "pull_request" || eventName === "pull_request_target") && pull) {
    const head = pull.head?.repo?.full_name;
    const base = pull.base?.repo?.full_name;
    if (head !== undefined && base !== undefined && head !== base) {
      return {
        kind: "skip",
        reason: `This run comes from a pull request from the fork ${head}, which gets no secrets and a read-only token: CodeForge does nothing here. Run it from the base repository (a comment or workflow_dispatch) instead.`,
      };
    }
  }
  const issueNumber = inputs["issue-number"] ?? payload.issue?.number ?? pull?.number ?? null;
  const found = (prompt: string, origin: string, extra: Partial<TaskTrigger> = {}) =>
    ({
      kind: "task",
      prompt,
      issueNumber,
      requestedBy: null,
      commentUrl: null,
      origin,
      ...extra,
    }) as TaskTrigger;
  if (inputs.prompt !== undefined) return found(inputs.prompt, "the prompt input");

  if (eventName === "issue_comment") {
    const comment = payload.comment;
    const command = parseTrigger(comment?.body ?? "", { trigger: inputs["trigger-phrase"] });
    if (command === null) {
      return {
        kind: "skip",
        reason: `The comment does not contain ${inputs["trigger-phrase"]}: nothing to do.`,
      };
    }
    if (command.kind !== "task") {
      return {
        kind: "skip",
        reason: `${inputs["trigger-phrase"]} ${command.kind} is answered by the CodeForge App; the Action runs tasks only.`,
      };
    }
    const refused = await gate(comment?.user ?? payload.sender, deps, "The comment");
    if (refused !== null) return { kind: "skip", reason: refused };
    const prompt = command.text === "" ? issueTask(payload.issue ?? {}) : command.text;
    if (prompt.trim() === "") {
      return {
        kind: "skip",
        reason: "The comment asks for the issue's task, but the issue is empty.",
      };
    }
    return found(prompt, `a comment on #${issueNumber}`, {
      requestedBy: comment?.user?.login ?? null,
      commentUrl: comment?.html_url ?? null,
    });
  }

  const dispatched = payload.inputs?.prompt;
  if (eventName === "workflow_dispatch" && typeof dispatched === "string" && dispatched.trim()) {
    return found(dispatched.trim(), "the workflow_dispatch prompt");
  }

  if (eventName === "issues" && payload.issue?.title !== undefined) {
    const refused = await gate(payload.sender, deps, `The ${eventName} event`);
    if (refused !== null) return { kind: "skip", reason: refused };
    return found(issueTask(payload.issue), `issue #${payload.issue.number}`, {
      requestedBy: payload.sender?.login ?? null,
    });
  }
  throw new UsageError(
    `No task to run: give the prompt input, or trigger the workflow with workflow_dispatch (a prompt input), an issue comment with the trigger phrase, or a labelled issue (event: ${eventName ?? "none"}).`,
  );
}
