export { checkChangedSources } from "./check-changed-sources.js";
export {
  createRepositoryCodeSchema,
  createRepositoryReviewSchema,
  type RepositoryCode,
  type RepositoryReview,
} from "./repository-answers.js";
export { type RepositoryCoderOptions, runRepositoryCoder } from "./repository-coder-agent.js";
export {
  MAX_PLANNED_FILES,
  type RepositoryPlan,
  RepositoryPlanSchema,
  validateRepositoryPlan,
} from "./repository-plan.js";
export {
  type RepositoryPlannerOptions,
  runRepositoryPlanner,
} from "./repository-planner-agent.js";
export {
  type RepositoryReviewerOptions,
  runRepositoryReviewer,
} from "./repository-reviewer-agent.js";
