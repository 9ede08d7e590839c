import { homedir } from "node:os";
import { type ClosableExecutor, createEvalExecutor } from "@codeforge/benchmarks";
import {
  type Config,
  CostTracker,
  createLanguageModel,
  createPricing,
  createRouter,
  type Executor,
  type Language,
  type LanguageModel,
  type Logger,
  type ModelRouter,
  openStore,
  type PipelineTaskStore,
  type Pricing,
  type RepositoryTestRunner,
  type Store,
  UsageError,
} from "@codeforge/core";
import { createDockerExecutor, createRepositoryRunner } from "@codeforge/sandbox";
import type Docker from "dockerode";
import type { CliContext } from "./cli-context.js";
import { createDockerClient } from "./docker-client.js";
import { checkSandboxReady } from "./run/check-sandbox-ready.js";
import { NO_PROVIDER_MESSAGE } from "./run/no-provider-message.js";
import { type PinnedModel, resolvePinnedModel } from "./run/resolve-pinned-model.js";

/** The model side of a run: a pinned model, or a router that picks one per task. */
export type ModelSource = { model: LanguageModel } | { router: ModelRouter };

/** A store the run records into, and how to close it. */
export interface RunStore {
  tasks: PipelineTaskStore;
  close(): Promise<void>;
}

/**
 * Every real part a command works with, in one place: the composition root builds them
 * with {@link createCliParts} and tests replace the ones they fake. Commands receive the
 * whole record; none builds a client of its own.
 */
export interface CliParts {
  /** The model side of a task: a pinned model, or a router over the available providers. */
  models(config: Readonly<Config>, logger: Logger, pinned: PinnedModel): Promise<ModelSource>;
  /** The executor the pipeline runs programs on (one-shot sandbox containers). */
  executor(config: Readonly<Config>, logger: Logger): Executor;
  /** Runs a repository's tests for `run --repo` (a fresh sandbox container per run). */
  repositoryRunner(config: Readonly<Config>, logger: Logger): RepositoryTestRunner;
  /** Where `codeforge run` records its task; undefined records nothing. */
  store(config: Readonly<Config>, context: CliContext): Promise<RunStore | undefined>;
  /** The whole store (`bench`, `bench merge --store`); the caller closes it. */
  openStore(config: Readonly<Config>, context: CliContext): Promise<Store>;
  costTracker(config: Readonly<Config>, logger: Logger): CostTracker;
  /** Fails fast, before any tokens are spent, when the sandbox cannot run the language. */
  preflight(config: Readonly<Config>, language: Language): Promise<void>;
  /** The executor hidden tests run on (`eval`, `bench`): the warm pool, guard off. */
  createEvaluator(config: Readonly<Config>, logger: Logger, size: number): ClosableExecutor;
  /** The Docker engine client (`DOCKER_HOST` and friends, as the `docker` CLI reads them). */
  createDocker(): Docker;
  /** Downloads missing datasets into the cache folder. */
  fetch: typeof globalThis.fetch;
  /** The home folder the default dataset cache lives under. */
  homeDir(): string;
  /**
   * Internal, for tests: `sandbox prune` only considers containers that also carry these
   * labels (`key=value`), and compares owner labels with this host name (default this host's).
   */
  pruneScope?: { labels: readonly string[]; hostname?: string };
}

/**
 * The real parts (provider SDKs, the router, the Docker sandbox, the store, the cost
 * tracker), with `overrides` in place of any of them. One pricing table per configuration
 * is shared by the router's estimates and the cost tracker, so both price a model alike
 * and an unknown model is warned about once; it lives in these parts, not in the module.
 *
 * @example
 * const parts = createCliParts({ models: async () => ({ model: scripted }) });
 */
export function createCliParts(overrides: Partial<CliParts> = {}): CliParts {
  const pricingByConfig = new WeakMap<Readonly<Config>, Pricing>();
  const pricing = (config: Readonly<Config>, logger: Logger): Pricing => {
    let found = pricingByConfig.get(config);
    if (!found) {
      found = createPricing(config.pricing, { logger });
      pricingByConfig.set(config, found);
    }
    return found;
  };
  const parts: CliParts = {
    async models(config, logger, pinned) {
      const choice = resolvePinnedModel(pinned);
      if (choice) return { model: createLanguageModel(choice, config, { logger }) };
      const router = createRouter({
        config,
        createModel: (routed) => createLanguageModel(routed, config, { logger }),
        pricing: pricing(config, logger),
        logger,
      });
      if ((await router.availableProviders()).length === 0) {
        throw new UsageError(NO_PROVIDER_MESSAGE);
      }
      return { router };
    },
    executor: (config, logger) =>
      createDockerExecutor({ docker: parts.createDocker(), config: config.sandbox, logger }),
    repositoryRunner: (config, logger) =>
      createRepositoryRunner({ docker: parts.createDocker(), config: config.sandbox, logger }),
    async store(config, context) {
      const store = await parts.openStore(config, context);
      return { tasks: store.tasks, close: () => store.close() };
    },
    openStore: (config, context) => openStore({ ...config.store, cwd: context.cwd }),
    costTracker: (config, logger) =>
      new CostTracker({
        pricing: pricing(config, logger),
        baselineModel: config.routing.baselineModel,
      }),
    preflight: (config, language) => checkSandboxReady(parts.createDocker(), config, language),
    createEvaluator: (config, logger, size) =>
      createEvalExecutor({ docker: parts.createDocker(), sandbox: config.sandbox, size, logger }),
    createDocker: createDockerClient,
    fetch: (...args) => globalThis.fetch(...args),
    homeDir: homedir,
    ...overrides,
  };
  return parts;
}
