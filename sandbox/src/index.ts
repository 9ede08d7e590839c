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
