/**
 * What a repository's own config file (`codeforge.yml`, `.github/codeforge.yml`) may do with
 * one setting. The file is untrusted (anyone who can open a pull request writes it), so:
 * - `free`: any value the schema allows (models' thresholds, retries, temperature);
 * - `cap`: a limit, at most the operator's value (any value when the operator set none);
 * - `model`: a `provider/model` whose provider the operator configured;
 * - `operator`: never; only the operator sets it (`reason` says why).
 */
export type RepositorySettingRule =
  | { readonly kind: "free" }
  | { readonly kind: "cap" }
  | { readonly kind: "model" }
  | { readonly kind: "operator"; readonly reason: string };

const free: RepositorySettingRule = { kind: "free" };
const cap: RepositorySettingRule = { kind: "cap" };
const model: RepositorySettingRule = { kind: "model" };
const operator = (reason: string): RepositorySettingRule => ({ kind: "operator", reason });

/**
 * The rule for every setting, by dotted path or section; the longest matching path wins.
 * A test checks that every setting of the schema has one, so a new setting must be placed.
 */
export const REPOSITORY_SETTING_RULES: Readonly<Record<string, RepositorySettingRule>> =
  Object.freeze({
    providers: operator(
      "API keys and provider endpoints are the operator's; a repository could send the key to another address",
    ),
    "llm.timeoutMs": cap,
    "llm.maxRetries": free,
    "llm.temperature": free,
    "llm.maxOutputTokens": cap,
    "routing.simpleThreshold": free,
    "routing.complexThreshold": free,
    "routing.models": model,
    "routing.llmClassifier": free,
    "routing.baselineModel": free,
    pricing: operator("prices are what cost budgets are counted in"),
    "sandbox.pythonImage": operator("the sandbox image is part of the isolation"),
    "sandbox.nodeImage": operator("the sandbox image is part of the isolation"),
    "sandbox.networkDisabled": operator(
      "generated code runs without a network unless the operator allows it",
    ),
    "sandbox.guard": operator("the static guard's policy is the operator's"),
    "sandbox.timeoutSeconds": cap,
    "sandbox.memoryMb": cap,
    "sandbox.cpus": cap,
    "sandbox.pidsLimit": cap,
    "sandbox.outputLimitBytes": cap,
    "sandbox.tmpfsMb": cap,
    "sandbox.poolSize": cap,
    repair: free,
    budgets: cap,
    store: operator("where results are kept is the operator's"),
    telemetry: operator("logs, traces and where they are sent are the operator's"),
    benchmarks: operator("the datasets folder is on the operator's machine"),
    "repository.testCommand": free,
    // The repository's own dependency step: it runs in a container of its own, network on,
    // with nothing of the operator's, and the agent's changes never run in it.
    "repository.setup": free,
    "repository.allowWorkflowChanges": operator(
      "changing CI workflows can reach the repository's secrets; only the operator may allow it",
    ),
    "repository.maxFiles": cap,
    "repository.maxTotalBytes": cap,
    "repository.maxFileBytes": cap,
    "repository.mapTokens": cap,
  });

/** The rule for a setting at `segments` (its path split at dots), or undefined for no setting. */
export function repositoryRuleFor(segments: readonly string[]): RepositorySettingRule | undefined {
  for (let length = segments.length; length > 0; length -= 1) {
    const rule = REPOSITORY_SETTING_RULES[segments.slice(0, length).join(".")];
    if (rule) return rule;
  }
  return undefined;
}
