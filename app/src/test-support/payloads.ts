import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples") as Array<{
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}>;

/** The repository of the examples. */
export const EXAMPLE_OWNER = "Codertocat";
export const EXAMPLE_REPO = "Hello-World";
export const INSTALLATION_ID = 4242;

// biome-ignore lint/suspicious/noExplicitAny: example payloads are edited freely in tests; handlers parse them with zod.
type Payload = Record<string, any>;

function example(name: string, action: string): Payload {
  const found = examples
    .find((entry) => entry.name === name)
    ?.examples.find((entry) => entry.action === action);
  if (!found) throw new Error(`no ${name}.${action} example`);
  return structuredClone(found) as Payload;
}

/**
 * An `issue_comment.created` payload from `@octokit/webhooks-examples` with the comment's body
 * and author replaced, an installation added, and on request `issue.pull_request` (the
 * examples have no PR comment).
 */
export function issueCommentPayload(options: {
  body: string;
  login?: string;
  type?: "User" | "Bot";
  commentId?: number;
  pullRequest?: boolean;
  action?: string;
}): Payload {
  const payload = example("issue_comment", "created");
  payload.action = options.action ?? "created";
  payload.installation = {
    id: INSTALLATION_ID,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==",
  };
  payload.comment.body = options.body;
  payload.comment.id = options.commentId ?? payload.comment.id;
  payload.comment.user = {
    ...payload.comment.user,
    login: options.login ?? "Codertocat",
    type: options.type ?? "User",
  };
  payload.sender = payload.comment.user;
  if (options.pullRequest) {
    payload.issue.pull_request = {
      url: `https://api.github.com/repos/${EXAMPLE_OWNER}/${EXAMPLE_REPO}/pulls/${payload.issue.number}`,
      html_url: `https://github.com/${EXAMPLE_OWNER}/${EXAMPLE_REPO}/pull/${payload.issue.number}`,
    };
  }
  return payload;
}

/** A `pull_request_review_comment.created` payload with body and author replaced. */
export function reviewCommentPayload(options: { body: string; login?: string }): Payload {
  const payload = example("pull_request_review_comment", "created");
  payload.installation = { id: INSTALLATION_ID };
  payload.comment.body = options.body;
  payload.comment.user = {
    ...payload.comment.user,
    login: options.login ?? "Codertocat",
    type: "User",
  };
  payload.sender = payload.comment.user;
  return payload;
}
