export {
  type ContainerOptionsInput,
  createContainerOptions,
  DEADLINE_LABEL,
  OWNER_HOST_LABEL,
  OWNER_PID_LABEL,
  SANDBOX_LABEL,
  SANDBOX_LABEL_FILTER,
  SANDBOX_USER,
  SANDBOX_WORKDIR,
} from "./docker/container-options.js";
export {
  createDockerExecutor,
  type DockerExecutorOptions,
  type SandboxLogger,
  SELF_LIMIT_GRACE_MS,
  STALE_GRACE_MS,
} from "./docker/docker-executor.js";
export { type CollectedOutput, OutputCollector } from "./docker/output-collector.js";
export {
  isLeftoverContainer,
  isProcessAlive,
  leftoverReason,
  PRUNE_REASONS,
  type PrunedContainer,
  type PruneLeftoverOptions,
  type PruneReason,
  type PruneResult,
  pruneAllContainers,
  pruneLeftoverContainers,
} from "./docker/prune-containers.js";
export { type GuardVerdict, guardCode } from "./guard/guard-code.js";
export {
  type BuildSandboxImageOptions,
  type BuildSandboxImageResult,
  buildSandboxImage,
  DOCKERFILES_DIRECTORY,
  OFFLINE_BUILD_SCRIPT,
} from "./images/build-sandbox-image.js";
export { checkDockerEngine } from "./images/check-docker-engine.js";
export { checkSandboxImage, IMAGE_BUILD_FIX } from "./images/check-sandbox-image.js";
export { DOCKER_UNREACHABLE_FIX, isDockerUnreachable } from "./images/docker-unreachable.js";
export {
  IMAGE_VERSION_LABEL,
  SANDBOX_IMAGE_VERSION,
  SANDBOX_IMAGES,
  sandboxImageFor,
} from "./images/image-names.js";
export {
  inspectSandboxImage,
  type SandboxImageStatus,
  sandboxImageStatus,
} from "./images/sandbox-image-status.js";
export { POOL_LABEL } from "./pool/pool-worker.js";
export {
  createSandboxPool,
  REPLY_GRACE_MS,
  type SandboxPool,
  type SandboxPoolOptions,
  SUPERVISOR_HEADROOM_MB,
} from "./pool/sandbox-pool.js";
export * from "./repository/index.js";
export type { ConfiguredSandboxOptions, SandboxOptions } from "./sandbox-options.js";
