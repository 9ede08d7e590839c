import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Config, type ConfigInput, loadConfig } from "@codeforge/core";
import type { ActionInputs } from "./inputs/action-inputs.js";

/** The repository's own config file, read under the trust rule in task mode. */
export const REPOSITORY_CONFIG_FILE = ".github/codeforge.yml";

/** What a repository's file that sets an operator's setting is told, in the Action. */
export const ACTION_TRUST_HINT =
  "set it as an input of the action, or in the workflow's env, which the operator controls";

/**
 * The Action's configuration: defaults → the runner's environment (`CODEFORGE_*`,
 * `DATABASE_URL`, …) with the provider inputs in place of their variables → in task mode the
 * workspace's `.github/codeforge.yml` under the trust rule → the other inputs (retries,
 * budget), which win. A problem names the input it came from.
 *
 * @example
 * const config = loadActionConfig(process.env, inputs, { repositoryRoot: workspace });
 */
export function loadActionConfig(
  env: Readonly<Record<string, string | undefined>>,
  inputs: ActionInputs,
  options: { repositoryRoot?: string } = {},
): Readonly<Config> {
  const withInputs = {
    ...env,
    ...(inputs["openai-api-key"] === undefined ? {} : { OPENAI_API_KEY: inputs["openai-api-key"] }),
    ...(inputs["anthropic-api-key"] === undefined
      ? {}
      : { ANTHROPIC_API_KEY: inputs["anthropic-api-key"] }),
    ...(inputs["ollama-host"] === undefined ? {} : { OLLAMA_HOST: inputs["ollama-host"] }),
  };
  const maxRetries = inputs["no-repair"] ? 0 : inputs["max-retries"];
  const overrides: ConfigInput = {
    ...(maxRetries === undefined ? {} : { repair: { maxRetries } }),
    ...(inputs.mode === "task" && inputs["budget-usd"] !== undefined
      ? { budgets: { maxCostUsd: inputs["budget-usd"] } }
      : {}),
  };
  const repositoryFile =
    options.repositoryRoot === undefined
      ? undefined
      : join(options.repositoryRoot, REPOSITORY_CONFIG_FILE);
  return loadConfig({
    env: withInputs,
    ...(repositoryFile !== undefined && existsSync(repositoryFile)
      ? { repositoryFile, repositoryTrustHint: ACTION_TRUST_HINT }
      : {}),
    overrides,
    overrideSources: {
      "repair.maxRetries": inputs["no-repair"] ? 'input "no-repair"' : 'input "max-retries"',
      "budgets.maxCostUsd": 'input "budget-usd"',
    },
  });
}
