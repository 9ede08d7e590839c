export { REPORT_LIMIT_BYTES } from "./read-report-folder.js";
export { createRepositoryArchive, type RepositoryArchive } from "./repository-archive.js";
export {
  createRepositoryRunner,
  type RepositoryRunner,
  type RepositoryRunnerOptions,
  type RepositoryRunResult,
  type RepositoryRunSpec,
} from "./repository-runner.js";
export {
  createSetupImages,
  DEFAULT_SETUP_TIMEOUT_MS,
  SETUP_IMAGE_REPOSITORY,
  type SetupImage,
  type SetupImages,
  type SetupImagesOptions,
  type SetupRequest,
} from "./repository-setup.js";
export { isDependencyFile, setupCacheKey } from "./setup-cache-key.js";
