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
  noProviderMessage,
  openStore,
  type PipelineTaskStore,
  PROVIDER_NAMES,
  type Pricing,
  type ProviderName,
  parseModelChoice,
  SandboxError,
  UsageError,
} from "@codeforge/core";
import {
  checkDockerEngine,
  checkSandboxImage,
  createDockerExecutor,
  sandboxImageFor,
} from "@codeforge/sandbox";
import type Docker from "dockerode";
import type { CliContext } from "../cli-context.js";
import { createDockerClient } from "../docker-client.js";

/** A model pinned with `--provider` / `--model`. */
export interface PinnedModel {
  provider?: string;
  model?: string;
}

/** The model side of a run: a pinned model, or a router that picks one per task. */
export type ModelSource = { model: LanguageModel } | { router: ModelRouter };

/** A store the run records into, and how to close it. */
export interface RunStore {
  tasks: PipelineTaskStore;
  close(): Promise<void>;
}

/** How `codeforge run` builds the real parts; tests pass their own. */
export interface RunWiring {
  models(config: Readonly<Config>, logger: Logger, pinned: PinnedModel): Promise<ModelSource>;
  executor(config: Readonly<Config>, logger: Logger): Executor;
  store(config: Readonly<Config>, context: CliContext): Promise<RunStore | undefined>;
  costTracker(config: Readonly<Config>, logger: Logger): CostTracker;
  /** Fails fast, before any tokens are spent, when the sandbox cannot run the language. */
  preflight(config: Readonly<Config>, language: Language): Promise<void>;
  /**
   * Calls `cancel` when the person running the task interrupts it (Ctrl-C) and returns how
   * to stop listening. Defaults to {@link listenForInterrupt}.
   */
  onInterrupt?(cancel: () => void): () => void;
}

/** Calls `cancel` on the process's first SIGINT (Ctrl-C); returns how to stop listening. */
export function listenForInterrupt(cancel: () => void): () => void {
  process.once("SIGINT", cancel);
  return () => {
    process.removeListener("SIGINT", cancel);
  };
}

/**
 * Checks that the Docker engine answers and the language's sandbox image is present;
 * throws a `SandboxError` carrying the fix otherwise.
 */
export async function checkSandboxReady(
  docker: Docker,
  config: Readonly<Config>,
  language: Language,
): Promise<void> {
  const engine = await checkDockerEngine(docker);
  if (!engine.ok) {
    throw new SandboxError(
      `${engine.name}: ${engine.detail}${engine.fix ? `: ${engine.fix}` : ""}`,
      {
        code: "daemon_unreachable",
      },
    );
  }
  const image = await checkSandboxImage(
    docker,
    sandboxImageFor(config.sandbox, language),
    language,
  );
  if (!image.ok) {
    throw new SandboxError(`${image.name}: ${image.detail}${image.fix ? `: ${image.fix}` : ""}`, {
      code: "image_missing",
    });
  }
}

/** The message when no provider can answer: core's three ways to set one up, and where to check. */
export const NO_PROVIDER_MESSAGE = [
  noProviderMessage(),
  "The same settings can go in a file passed with --config (providers.openai.apiKey, …). `codeforge doctor` checks them; `npm run demo` runs without any.",
].join("\n");

/** The model a provider is pinned to when only `--provider` is given: its medium-tier default. */
const PROVIDER_DEFAULT_MODELS: Readonly<Record<ProviderName, string>> = {
  openai: "gpt-4o-mini",
  anthropic: "claude-haiku-4-5",
  ollama: "llama3:8b",
};

function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

/**
 * Resolves `--provider` / `--model` into a provider and model: `--model provider/name`,
 * `--provider p --model name`, or `--provider p` alone (its default model). Undefined when
 * neither is given (routing decides).
 */
export function resolvePinnedModel(
  pinned: PinnedModel,
): { provider: ProviderName; model: string } | undefined {
  if (!pinned.provider && !pinned.model) return undefined;
  if (pinned.provider && !isProviderName(pinned.provider)) {
    throw new UsageError(
      `--provider ${pinned.provider} is not known: choose one of ${PROVIDER_NAMES.join(", ")}.`,
    );
  }
  if (pinned.model?.includes("/") && !pinned.provider) {
    try {
      return parseModelChoice(pinned.model);
    } catch (error) {
      throw new UsageError(`--model ${(error as Error).message}`);
    }
  }
  if (!pinned.provider) {
    throw new UsageError(
      `--model ${pinned.model} needs a provider: write --model openai/${pinned.model} or add --provider.`,
    );
  }
  const provider = pinned.provider as ProviderName;
  return { provider, model: pinned.model ?? PROVIDER_DEFAULT_MODELS[provider] };
}

/**
 * One pricing table per run (per configuration object), shared by the router's estimates and
 * the cost tracker, so both price a model alike and an unknown model is warned about once.
 */
const pricingByConfig = new WeakMap<Readonly<Config>, Pricing>();

function runPricing(config: Readonly<Config>, logger: Logger): Pricing {
  let pricing = pricingByConfig.get(config);
  if (!pricing) {
    pricing = createPricing(config.pricing, { logger });
    pricingByConfig.set(config, pricing);
  }
  return pricing;
}

/** The real parts: provider SDKs, the router, the Docker sandbox, the store, the cost tracker. */
export const realRunWiring: RunWiring = {
  async models(config, logger, pinned) {
    const choice = resolvePinnedModel(pinned);
    if (choice) return { model: createLanguageModel(choice, config, { logger }) };
    const router = createRouter({
      config,
      createModel: (routed) => createLanguageModel(routed, config, { logger }),
      pricing: runPricing(config, logger),
      logger,
    });
    if ((await router.availableProviders()).length === 0) throw new UsageError(NO_PROVIDER_MESSAGE);
    return { router };
  },
  executor(config, logger) {
    return createDockerExecutor({ docker: createDockerClient(), config: config.sandbox, logger });
  },
  async store(config, context) {
    const store = await openStore({ ...config.store, cwd: context.cwd });
    return { tasks: store.tasks, close: () => store.close() };
  },
  preflight(config, language) {
    return checkSandboxReady(createDockerClient(), config, language);
  },
  onInterrupt: listenForInterrupt,
  costTracker(config, logger) {
    return new CostTracker({
      pricing: runPricing(config, logger),
      baselineModel: config.routing.baselineModel,
    });
  },
};
