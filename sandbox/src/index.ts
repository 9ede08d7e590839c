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
  type SandboxLimits,
} from "./docker/container-options.js";
export {
  createDockerExecutor,
  type DockerExecutorOptions,
  type SandboxLogger,
  STALE_GRACE_MS,
} from "./docker/docker-executor.js";
export { type CollectedOutput, OutputCollector } from "./docker/output-collector.js";
export {
  type PruneResult,
  pruneAllContainers,
  pruneStaleContainers,
} from "./docker/prune-containers.js";
export { type GuardVerdict, guardCode } from "./guard/guard-code.js";
