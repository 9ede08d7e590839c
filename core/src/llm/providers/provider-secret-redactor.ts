import { createSecretRedactor, type SecretRedactor } from "../../logging/redact-secrets.js";
import type { ProviderModelOptions } from "./provider-model-options.js";

/**
 * The redactor of a provider's error messages: the model's own key, the other secrets it
 * was given (`options.secrets`), and anything shaped like a known key, since a provider or
 * a proxy in front of it may echo whatever credential it was sent.
 */
export function providerSecretRedactor(
  options: Pick<ProviderModelOptions, "secrets">,
  apiKey?: string,
): SecretRedactor {
  return createSecretRedactor([...(apiKey ? [apiKey] : []), ...(options.secrets ?? [])]);
}
