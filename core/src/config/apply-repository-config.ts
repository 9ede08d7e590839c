import { ConfigError, type ConfigIssue } from "../errors/config-error.js";
import { issueAt, toConfigIssues } from "./config-issues.js";
import { deepFreeze, deepMerge, isPlainObject, walkValues } from "./config-layer.js";
import { type Config, ConfigSchema } from "./config-schema.js";
import { type ConfigFileSource, readConfigFile } from "./read-config-file.js";
import { repositoryRuleFor } from "./repository-setting-rules.js";

/** Options of {@link applyRepositoryConfig}. */
export interface ApplyRepositoryConfigOptions {
  /**
   * How an operator who trusts the file can give it full power, appended to a refused
   * setting's message; e.g. the CLI's "pass it with --config". Defaults to advice to set the
   * value in the operator's own configuration.
   */
  readonly trustHint?: string;
}

const DEFAULT_TRUST_HINT = "set it in the environment or the operator's configuration instead";

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (!isPlainObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Whether the operator configured the provider of a `provider/model` reference. */
function providerConfigured(reference: unknown, operator: Readonly<Config>): boolean {
  if (typeof reference !== "string") return true;
  const provider = reference.split("/")[0];
  if (provider === "openai") return Boolean(operator.providers.openai.apiKey);
  if (provider === "anthropic") return Boolean(operator.providers.anthropic.apiKey);
  // Ollama needs no key, and its host is the operator's.
  return true;
}

/**
 * Applies a repository's own config file (`codeforge.yml`, `.github/codeforge.yml`: an
 * untrusted file anyone who can open a pull request writes) over the operator's
 * configuration, under the trust rule of ARCHITECTURE.md: the file may choose models among
 * the providers the operator configured, thresholds, retries, and budgets and sandbox limits
 * up to the operator's; never keys, provider endpoints, prices, the sandbox's image, network
 * or guard, the store, telemetry, or a limit above the operator's. See
 * `REPOSITORY_SETTING_RULES`.
 *
 * A file that tries is refused whole: one {@link ConfigError} names every such setting, the
 * file and line, and why (nothing of the file is applied). Unknown keys and invalid values are
 * refused as with any configuration. Returns the result deeply frozen.
 *
 * @example
 * const config = applyRepositoryConfig(loadConfig({ env: process.env }), {
 *   path: ".github/codeforge.yml",
 *   text: await readFileFromDefaultBranch(".github/codeforge.yml"),
 * });
 */
export function applyRepositoryConfig(
  operator: Readonly<Config>,
  file: ConfigFileSource,
  options: ApplyRepositoryConfigOptions = {},
): Readonly<Config> {
  const layer = readConfigFile(file);
  const layers = [layer];
  const hint = options.trustHint ?? DEFAULT_TRUST_HINT;
  const issues: ConfigIssue[] = [...layer.issues];
  const capped: { path: string; segments: readonly string[] }[] = [];
  const models: { path: string; segments: readonly string[] }[] = [];

  walkValues(layer.input, (path, value, segments) => {
    if (isPlainObject(value)) return;
    const rule = repositoryRuleFor(segments);
    if (rule?.kind === "operator") {
      issues.push(
        issueAt(
          path,
          `cannot be set by a repository's config file: ${rule.reason}; ${hint}`,
          layers,
        ),
      );
    } else if (rule?.kind === "cap") {
      capped.push({ path, segments });
    } else if (rule?.kind === "model") {
      models.push({ path, segments });
    }
  });

  const result = ConfigSchema.safeParse(
    deepMerge(operator as unknown as Record<string, unknown>, layer.input),
  );
  if (!result.success) {
    issues.push(...result.error.issues.flatMap((issue) => toConfigIssues(issue, layers)));
    throw new ConfigError(issues);
  }
  for (const { path, segments } of capped) {
    const limit = valueAt(operator, segments);
    const value = valueAt(result.data, segments);
    if (typeof limit === "number" && typeof value === "number" && value > limit) {
      issues.push(
        issueAt(
          path,
          `must be at most ${limit}, the operator's limit: a repository's config file may lower a limit, never raise it; ${hint}`,
          layers,
        ),
      );
    }
  }
  for (const { path, segments } of models) {
    const reference = valueAt(result.data, segments);
    if (!providerConfigured(reference, operator)) {
      issues.push(
        issueAt(
          path,
          `names a provider the operator has not configured (no API key): choose a model of a configured provider`,
          layers,
        ),
      );
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return deepFreeze(result.data);
}
