import {
  type Config,
  type Language,
  type LanguageModel,
  type ModelRouter,
  noProviderMessage,
  type PipelineTaskStore,
  PROVIDER_NAMES,
  type ProviderName,
  parseModelChoice,
  SandboxError,
  UsageError,
} from "@codeforge/core";
import { checkDockerEngine, checkSandboxImage } from "@codeforge/sandbox";
import type Docker from "dockerode";

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
    language === "python" ? config.sandbox.pythonImage : config.sandbox.nodeImage,
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
  "The same settings can go in codeforge.yml (providers.openai.apiKey, …). `codeforge doctor` checks them; `npm run demo` runs without any.",
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
