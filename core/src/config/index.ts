export {
  type ApplyRepositoryConfigOptions,
  applyRepositoryConfig,
} from "./apply-repository-config.js";
export {
  BenchmarksConfigSchema,
  BudgetsConfigSchema,
  type Config,
  type ConfigInput,
  ConfigSchema,
  GUARD_POLICIES,
  type GuardPolicy,
  LlmConfigSchema,
  LOG_FORMATS,
  LOG_LEVELS,
  ModelPriceSchema,
  PricingConfigSchema,
  ProvidersConfigSchema,
  RepairConfigSchema,
  RoutingConfigSchema,
  SandboxConfigSchema,
  StoreConfigSchema,
  TelemetryConfigSchema,
} from "./config-schema.js";
export { type SettingKind, type SettingLeaf, settingLeaves } from "./config-schema-walk.js";
export {
  type EnvironmentReferenceRow,
  environmentReference,
  renderEnvExample,
  renderEnvironmentTable,
} from "./environment-reference.js";
export {
  CONFIG_FILE_VARIABLE,
  ENVIRONMENT_VARIABLES,
  type EnvironmentVariable,
  EXTRA_ENVIRONMENT_VARIABLES,
  type ExtraEnvironmentVariable,
  variableNameFor,
} from "./environment-variables.js";
export { type LoadConfigOptions, loadConfig } from "./load-config.js";
export type { ConfigFileSource } from "./read-config-file.js";
export {
  REPOSITORY_SETTING_RULES,
  type RepositorySettingRule,
  repositoryRuleFor,
} from "./repository-setting-rules.js";
export { maskSecrets, SECRET_SETTING_PATHS, secretsOf } from "./secret-settings.js";
