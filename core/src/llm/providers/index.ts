export {
  type AnthropicModelOptions,
  anthropicRequestBody,
  createAnthropicModel,
} from "./anthropic-model.js";
export {
  type CreateLanguageModelOptions,
  createLanguageModel,
  type LanguageModelChoice,
} from "./create-language-model.js";
export { estimateUsage } from "./estimate-usage.js";
export { createOllamaModel, type OllamaModelOptions, ollamaRequestBody } from "./ollama-model.js";
export { createOpenAIModel, type OpenAIModelOptions, openAIRequestBody } from "./openai-model.js";
export type { ProviderLogger, ProviderModelOptions } from "./provider-model-options.js";
