export type { HealthCheckResult } from "./health-check.js";
