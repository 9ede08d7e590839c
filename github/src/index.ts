export { type GitHubClient, type RepositoryRef, statusOf } from "./github-client.js";
export {
  type CommentAuthor,
  checkPermission,
  isBot,
  type PermissionVerdict,
  WRITE_PERMISSIONS,
} from "./permission/check-permission.js";
export {
  type BranchNameValues,
  branchName,
  DEFAULT_BRANCH_TEMPLATE,
} from "./publish/branch-name.js";
export {
  type OpenedPullRequest,
  type OpenPullRequestOptions,
  openPullRequest,
} from "./publish/open-pull-request.js";
export {
  type PublishChangesOptions,
  type PublishedCommit,
  publishChanges,
} from "./publish/publish-changes.js";
export { codeBlock, formatCost, formatDuration } from "./render/format.js";
export {
  applyProgressEvent,
  initialProgress,
  type ProgressState,
  type ProgressStep,
  STEP_STATES,
  type StepState,
} from "./render/progress-state.js";
export {
  PROGRESS_MARKER,
  type ProgressCommentOptions,
  renderProgressComment,
} from "./render/render-progress-comment.js";
export {
  type PullRequestBodyOptions,
  renderDiffDetails,
  renderPullRequestBody,
} from "./render/render-pull-request-body.js";
export { explainStop, type StopExplanation } from "./render/stop-reason-text.js";
export { type ParseTriggerOptions, parseTrigger } from "./trigger/parse-trigger.js";
export { stripHiddenText } from "./trigger/strip-hidden-text.js";
export {
  DEFAULT_TRIGGER,
  isTriggerSubcommand,
  TRIGGER_SUBCOMMANDS,
  type TriggerCommand,
  type TriggerSubcommand,
} from "./trigger/trigger-command.js";
