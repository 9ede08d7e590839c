import { readFile } from "node:fs/promises";
import { UsageError } from "@codeforge/core";
import type { ActionInputs } from "../inputs/action-inputs.js";

/** Where a task mode run takes its task from, or why it does nothing. */
export type TaskTrigger =
  | {
      kind: "task";
      prompt: string;
      /** The issue or pull request the task came from, when there is one. */
      issueNumber: number | null;
      /** How the task was found, for the log. */
      origin: string;
    }
  | { kind: "skip"; reason: string };

/** The parts of a webhook payload task mode reads. */
interface EventPayload {
  inputs?: Record<string, unknown>;
  issue?: { number?: number; title?: string; body?: string | null };
  pull_request?: {
    number?: number;
    head?: { repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } };
  };
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

/**
 * Finds the task of a task-mode run: the `prompt` input; else a `workflow_dispatch`'s
 * `prompt` input; else the issue of an `issues` event (its title and body). A
 * `pull_request` event from a fork is a skip with the reason (such runs get no secrets and
 * a read-only token). Comment triggers go through `resolveCommentTrigger`, with the guards.
 */
export function resolveTaskTrigger(
  inputs: ActionInputs,
  eventName: string | undefined,
  payload: EventPayload,
): TaskTrigger {
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
  if (inputs.prompt !== undefined) {
    return { kind: "task", prompt: inputs.prompt, issueNumber, origin: "the prompt input" };
  }
  const dispatched = payload.inputs?.prompt;
  if (eventName === "workflow_dispatch" && typeof dispatched === "string" && dispatched.trim()) {
    return {
      kind: "task",
      prompt: dispatched.trim(),
      issueNumber,
      origin: "the workflow_dispatch prompt",
    };
  }
  if (eventName === "issues" && payload.issue?.title !== undefined) {
    const body = payload.issue.body?.trim() ?? "";
    return {
      kind: "task",
      prompt: body === "" ? payload.issue.title : `${payload.issue.title}\n\n${body}`,
      issueNumber,
      origin: `issue #${payload.issue.number}`,
    };
  }
  throw new UsageError(
    `No task to run: give the prompt input, or trigger the workflow with workflow_dispatch (a prompt input), an issue comment starting with the trigger phrase, or a labelled issue (event: ${eventName ?? "none"}).`,
  );
}
