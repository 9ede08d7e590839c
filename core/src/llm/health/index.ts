export { type CheckProvidersOptions, checkProviders } from "./check-providers.js";
