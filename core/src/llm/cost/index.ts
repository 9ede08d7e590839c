export {
  type AgentCostSummary,
  type CallCost,
  type CostSummary,
  CostTracker,
  type CostTrackerOptions,
  type ModelCostSummary,
  type RecordedCall,
} from "./cost-tracker.js";
