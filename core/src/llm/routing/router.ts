import { countTokens } from "gpt-tokenizer";
import type { Logger } from "pino";
import type { Config } from "../../config/config-schema.js";
import type { ConfigIssue } from "../../errors/config-error.js";
import { DEFAULT_TIER_MODELS } from "../../task/default-models.js";
import type { TaskComplexity } from "../../task/task-complexity.js";
import type { LanguageModel, ProviderName } from "../language-model.js";
import { createPricing, type Pricing } from "../pricing/pricing.js";
import { type ComplexityAssessment, classifyComplexity } from "./complexity.js";
import { classifyComplexityWithModel } from "./llm-classifier.js";
import { formatModelChoice, type ModelChoice, parseModelChoice } from "./model-choice.js";
import { providerSetupAdvice } from "./no-provider-advice.js";
import { NoProviderError } from "./no-provider-error.js";
import { createOllamaProbe } from "./ollama-probe.js";

/** The order providers are tried in when a tier's configured one is unavailable. */
export const FALLBACK_CHAINS: Readonly<Record<TaskComplexity, readonly ProviderName[]>> = {
  simple: ["ollama", "openai", "anthropic"],
  medium: ["openai", "anthropic", "ollama"],
  hard: ["openai", "anthropic", "ollama"],
};

/** Output tokens {@link Router.estimateCost} assumes per level when not told. */
export const EXPECTED_OUTPUT_TOKENS: Readonly<Record<TaskComplexity, number>> = {
  simple: 300,
  medium: 800,
  hard: 2_000,
};

/** Where a task goes and why. */
export interface RouteDecision {
  model: LanguageModel;
  /** The provider and model chosen. */
  ref: ModelChoice;
  complexity: ComplexityAssessment;
  /** One sentence for logs and traces: the tier, the model, and any fallback taken. */
  reason: string;
  /** True when the tier's configured provider was unavailable. */
  fallback: boolean;
}

/** What a call is expected to cost before it is made. */
export interface CostEstimate {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Options of {@link Router.route}. */
export interface RouteOptions {
  signal?: AbortSignal;
  /** Skip classification and route at this level. */
  level?: TaskComplexity;
  /** Logs this decision instead of the router's logger, e.g. a task's child logger. */
  logger?: Pick<Logger, "info" | "warn" | "debug">;
  /**
   * Wraps the model the router calls itself (its LLM classifier) for this decision, so the
   * caller can count and price that call like its own.
   */
  observeModel?: (model: LanguageModel) => LanguageModel;
}

/** Picks a model per task. Made by {@link createRouter}. */
export interface Router {
  /** Classifies the prompt and returns a model of an available provider for its tier. */
  route(prompt: string, options?: RouteOptions): Promise<RouteDecision>;
  /** The providers usable right now, in no particular order. */
  availableProviders(): Promise<ProviderName[]>;
  /**
   * What sending `prompt` to `model` would cost: input tokens counted with gpt-tokenizer,
   * output tokens as given or by the prompt's level ({@link EXPECTED_OUTPUT_TOKENS}).
   */
  estimateCost(
    prompt: string,
    model: string | LanguageModel,
    options?: { outputTokens?: number },
  ): CostEstimate;
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  config: Pick<Config, "providers" | "routing" | "pricing">;
  /** Builds a model; in production `(choice) => createLanguageModel(choice, config, { logger })`. */
  createModel: (choice: ModelChoice) => LanguageModel;
  /** Whether Ollama answers; defaults to a cached `GET {host}/api/tags` probe. */
  isOllamaReachable?: () => Promise<boolean>;
  /** Used by the default Ollama probe. */
  fetch?: typeof globalThis.fetch;
  /** Classifies with this model when `routing.llmClassifier` is on. */
  classifierModel?: LanguageModel;
  pricing?: Pricing;
  logger?: Pick<Logger, "info" | "warn" | "debug">;
}

/**
 * Creates the router: tier → provider/model from `config.routing.models`, only among
 * available providers (OpenAI and Anthropic when their key is set, Ollama when it answers),
 * falling back along {@link FALLBACK_CHAINS}. Models are built once per choice and reused.
 *
 * @example
 * const router = createRouter({ config, createModel: (choice) => createLanguageModel(choice, config), logger });
 * const { model, reason } = await router.route("Write FizzBuzz");
 */
export function createRouter(options: RouterOptions): Router {
  const { config, logger } = options;
  const pricing = options.pricing ?? createPricing(config.pricing, { logger });
  const isOllamaReachable =
    options.isOllamaReachable ??
    createOllamaProbe({ host: config.providers.ollama.host, fetch: options.fetch });
  const models = new Map<string, LanguageModel>();

  const isAvailable = async (provider: ProviderName): Promise<boolean> => {
    switch (provider) {
      case "openai":
        return Boolean(config.providers.openai.apiKey);
      case "anthropic":
        return Boolean(config.providers.anthropic.apiKey);
      case "ollama":
        return isOllamaReachable();
    }
  };

  const unavailableIssues = (): ConfigIssue[] => [
    {
      path: "providers.openai.apiKey",
      source: "OPENAI_API_KEY",
      message: `is not set: ${providerSetupAdvice("openai")}`,
    },
    {
      path: "providers.anthropic.apiKey",
      source: "ANTHROPIC_API_KEY",
      message: `is not set: ${providerSetupAdvice("anthropic")}`,
    },
    {
      path: "providers.ollama.host",
      source: `OLLAMA_HOST=${config.providers.ollama.host}`,
      message: `does not answer: ${providerSetupAdvice("ollama")}`,
    },
  ];

  const choose = async (
    level: TaskComplexity,
  ): Promise<{ choice: ModelChoice; fallback: boolean; skipped: ProviderName[] }> => {
    const configured = parseModelChoice(config.routing.models[level]);
    const order = [
      configured.provider,
      ...FALLBACK_CHAINS[level].filter((provider) => provider !== configured.provider),
    ];
    const skipped: ProviderName[] = [];
    for (const provider of order) {
      if (await isAvailable(provider)) {
        const choice =
          provider === configured.provider
            ? configured
            : { provider, model: DEFAULT_TIER_MODELS[provider][level] };
        return { choice, fallback: provider !== configured.provider, skipped };
      }
      skipped.push(provider);
    }
    throw new NoProviderError(unavailableIssues());
  };

  const modelFor = (choice: ModelChoice): LanguageModel => {
    const key = formatModelChoice(choice);
    let model = models.get(key);
    if (!model) {
      model = options.createModel(choice);
      models.set(key, model);
    }
    return model;
  };

  const classify = async (
    prompt: string,
    routeOptions: RouteOptions,
    logger: RouterOptions["logger"],
  ): Promise<ComplexityAssessment> => {
    const { signal, observeModel } = routeOptions;
    if (config.routing.llmClassifier && options.classifierModel) {
      return classifyComplexityWithModel(prompt, {
        model: observeModel ? observeModel(options.classifierModel) : options.classifierModel,
        routing: config.routing,
        logger,
        signal,
      });
    }
    if (config.routing.llmClassifier) {
      logger?.debug(
        "routing.llmClassifier is on but no classifier model was given: using the heuristic",
      );
    }
    return classifyComplexity(prompt, config.routing);
  };

  return {
    async route(prompt, routeOptions = {}) {
      const log = routeOptions.logger ?? logger;
      const complexity = routeOptions.level
        ? {
            ...classifyComplexity(prompt, config.routing),
            level: routeOptions.level,
            reasoning: `level ${routeOptions.level} given by the caller`,
          }
        : await classify(prompt, routeOptions, log);
      const { choice, fallback, skipped } = await choose(complexity.level);
      const id = formatModelChoice(choice);
      const reason = fallback
        ? `${complexity.level} task: ${skipped.map((provider) => describeUnavailable(provider)).join(", ")}, so it falls back to ${id}`
        : `${complexity.level} task (score ${complexity.score.toFixed(2)}): routed to ${id}`;
      log?.info(
        {
          tier: complexity.level,
          score: complexity.score,
          confidence: complexity.confidence,
          classifier: complexity.source,
          provider: choice.provider,
          model: choice.model,
          fallback,
        },
        reason,
      );
      return { model: modelFor(choice), ref: choice, complexity, reason, fallback };
    },

    async availableProviders() {
      const providers: ProviderName[] = ["openai", "anthropic", "ollama"];
      const available = await Promise.all(providers.map((provider) => isAvailable(provider)));
      return providers.filter((_, index) => available[index]);
    },

    estimateCost(prompt, model, estimateOptions = {}) {
      const id = typeof model === "string" ? model : model.id;
      const inputTokens = countTokens(prompt);
      const outputTokens =
        estimateOptions.outputTokens ??
        EXPECTED_OUTPUT_TOKENS[classifyComplexity(prompt, config.routing).level];
      return {
        model: id,
        inputTokens,
        outputTokens,
        costUsd: pricing.costOf(id, { inputTokens, outputTokens }),
      };
    },
  };
}

function describeUnavailable(provider: ProviderName): string {
  switch (provider) {
    case "openai":
      return "OPENAI_API_KEY is not set";
    case "anthropic":
      return "ANTHROPIC_API_KEY is not set";
    case "ollama":
      return "Ollama does not answer";
  }
}
