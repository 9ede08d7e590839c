import { getOctokit } from "@actions/github";
import { type ClosableExecutor, createEvalExecutor } from "@codeforge/benchmarks";
import {
  type Config,
  CostTracker,
  createLanguageModel,
  createPricing,
  createRouter,
  type Executor,
  type LanguageModel,
  type Logger,
  type ModelRouter,
  noProviderMessage,
  openStore,
  type RepositoryTestRunner,
  type Store,
  UsageError,
} from "@codeforge/core";
import type { GitHubClient } from "@codeforge/github";
import { createDockerExecutor, createRepositoryRunner } from "@codeforge/sandbox";
import Docker from "dockerode";

/** The model side of a run: a pinned model, or a router that picks one per task. */
export type ModelSource = { model: LanguageModel } | { router: ModelRouter };

/** A model pinned by the `provider` and `model` inputs. */
export interface ModelChoice {
  provider: "openai" | "anthropic" | "ollama";
  model: string;
}

/** Files the Action ships beside its bundle: the custom benchmark set, the Dockerfiles. */
export interface ActionAssets {
  /** The custom benchmark set (`tasks.json` and `solutions/`). */
  customDir: string;
  /** Holds `<language>/Dockerfile` for building a missing sandbox image on the runner. */
  dockerfilesDir: string;
}

/**
 * Every real part the Action works with, in one place: `main.ts` builds them with
 * {@link createActionParts}; tests replace the ones they fake.
 */
export interface ActionParts {
  models(
    config: Readonly<Config>,
    logger: Logger,
    pinned: ModelChoice | undefined,
  ): Promise<ModelSource>;
  /** The executor the pipeline runs programs on (one-shot sandbox containers). */
  executor(config: Readonly<Config>, logger: Logger): Executor;
  /** Runs a repository's tests in the sandbox (task mode). */
  repositoryRunner(config: Readonly<Config>): RepositoryTestRunner;
  /** The whole store: `DATABASE_URL` when set, else an in-memory embedded one. */
  openStore(config: Readonly<Config>, cwd: string): Promise<Store>;
  costTracker(config: Readonly<Config>, logger: Logger): CostTracker;
  /** The warm pool hidden benchmark tests run on. */
  createEvaluator(config: Readonly<Config>, logger: Logger, size: number): ClosableExecutor;
  createDocker(): Docker;
  /** The GitHub API client for a token, at `apiUrl` (`GITHUB_API_URL`, as on GHES). */
  github(token: string, apiUrl: string): GitHubClient;
  assets: ActionAssets;
  /** Downloads missing datasets. */
  fetch: typeof globalThis.fetch;
}

/**
 * The real parts (provider SDKs, the router, the Docker sandbox, the store), with
 * `overrides` in place of any of them. On a runner nothing of the store outlives the job
 * unless `DATABASE_URL` names a server, so the embedded store lives in memory and writes
 * nothing into the workspace.
 */
export function createActionParts(
  assets: ActionAssets,
  overrides: Partial<ActionParts> = {},
): ActionParts {
  const parts: ActionParts = {
    async models(config, logger, pinned) {
      if (pinned) return { model: createLanguageModel(pinned, config, { logger }) };
      const router = createRouter({
        config,
        createModel: (routed) => createLanguageModel(routed, config, { logger }),
        pricing: createPricing(config.pricing, { logger }),
        logger,
      });
      if ((await router.availableProviders()).length === 0) {
        throw new UsageError(
          `${noProviderMessage()}\nIn the Action: set the openai-api-key or anthropic-api-key input from a secret, or ollama-host.`,
        );
      }
      return { router };
    },
    executor: (config, logger) =>
      createDockerExecutor({ docker: parts.createDocker(), config: config.sandbox, logger }),
    repositoryRunner: (config) =>
      createRepositoryRunner({ docker: parts.createDocker(), config: config.sandbox }),
    openStore: (config, cwd) =>
      openStore({
        ...config.store,
        ...(config.store.databaseUrl === undefined ? { dataDir: "memory://" } : {}),
        cwd,
      }),
    costTracker: (config, logger) =>
      new CostTracker({
        pricing: createPricing(config.pricing, { logger }),
        baselineModel: config.routing.baselineModel,
      }),
    createEvaluator: (config, logger, size) =>
      createEvalExecutor({ docker: parts.createDocker(), sandbox: config.sandbox, size, logger }),
    createDocker: () => new Docker(),
    github: (token, apiUrl) => getOctokit(token, { baseUrl: apiUrl }),
    fetch: (...args) => globalThis.fetch(...args),
    assets,
    ...overrides,
  };
  return parts;
}
