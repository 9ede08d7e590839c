import {
  type Config,
  CostTracker,
  createLanguageModel,
  createPricing,
  createRouter,
  type Logger,
  type RunTaskDeps,
} from "@codeforge/core";
import { createDockerExecutor, createRepositoryRunner } from "@codeforge/sandbox";
import Docker from "dockerode";

/** The pipeline's parts for one job, as `RunJobDeps.pipelineParts` returns them. */
export type PipelineParts = Omit<RunTaskDeps, "config" | "signal" | "onEvent" | "store">;

/**
 * The real pipeline parts: a router over the configured providers (a repository's config may
 * have chosen other models, so it is built per job), the Docker sandbox for programs and for
 * the repository's tests (`DOCKER_HOST` as the docker CLI reads it), and a cost tracker.
 */
export function createPipelineParts(
  logger: Logger,
): (config: Readonly<Config>) => Promise<PipelineParts> {
  const docker = new Docker();
  return async (config) => {
    const pricing = createPricing(config.pricing, { logger });
    const router = createRouter({
      config,
      createModel: (routed) => createLanguageModel(routed, config, { logger }),
      pricing,
      logger,
    });
    if ((await router.availableProviders()).length === 0) {
      throw new Error(
        "No model provider is available to the App: set OPENAI_API_KEY or ANTHROPIC_API_KEY, or OLLAMA_HOST to a running Ollama, in the App's environment",
      );
    }
    return {
      router,
      executor: createDockerExecutor({ docker, config: config.sandbox, logger }),
      repositoryRunner: createRepositoryRunner({ docker, config: config.sandbox, logger }),
      costTracker: new CostTracker({ pricing, baselineModel: config.routing.baselineModel }),
      logger,
    };
  };
}
