export * from "./config/index.js";
export * from "./errors/index.js";
export * from "./executor/index.js";
export * from "./health/index.js";
export * from "./llm/index.js";
export * from "./logging/index.js";
