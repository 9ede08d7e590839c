export {
  type CassetteEntry,
  CassetteEntrySchema,
  type CassetteRequest,
  cassetteRequestOf,
  hashCassetteRequest,
  stableStringify,
} from "./cassette.js";
export { CassetteError, ReplayMissError } from "./replay-errors.js";
export {
  createReplayModel,
  REPLAY_MODES,
  type ReplayMode,
  type ReplayModelOptions,
} from "./replay-model.js";
