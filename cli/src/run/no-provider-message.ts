import { noProviderMessage } from "@codeforge/core";

/** The message when no provider can answer: core's three ways to set one up, and where to check. */
export const NO_PROVIDER_MESSAGE = [
  noProviderMessage(),
  "The same settings can go in codeforge.yml (providers.openai.apiKey, …). `codeforge doctor` checks them; `npm run demo` runs without any.",
].join("\n");
