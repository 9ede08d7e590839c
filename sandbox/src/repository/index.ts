export { REPORT_LIMIT_BYTES } from "./read-report-folder.js";
export { createRepositoryArchive, type RepositoryArchive } from "./repository-archive.js";
export {
  createRepositoryRunner,
  type RepositoryRunner,
  type RepositoryRunnerOptions,
  type RepositoryRunResult,
  type RepositoryRunSpec,
} from "./repository-runner.js";
