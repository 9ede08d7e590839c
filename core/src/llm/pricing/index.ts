export { MODEL_PRICES, type ModelPrice, normalizeModelName } from "./model-prices.js";
export {
  createPricing,
  type PriceSource,
  type Pricing,
  type PricingConfig,
  type PricingOptions,
  type ResolvedPrice,
  type TokenCounts,
} from "./pricing.js";
