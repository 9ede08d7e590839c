import { z } from "zod";
import { type ChangePathOptions, createFileChangesSchema } from "../../workspace/index.js";
import { ERROR_TYPES } from "../review.js";

/**
 * What the coder of a repository task answers: the changes (whole new files, `content: null`
 * deletes) and why. Paths are checked in the schema, so a forbidden one comes back to the
 * model as a problem in the corrective re-ask.
 */
export function createRepositoryCodeSchema(options: ChangePathOptions = {}) {
  return z.object({
    changes: createFileChangesSchema(options),
    explanation: z.string(),
  });
}
export type RepositoryCode = z.infer<ReturnType<typeof createRepositoryCodeSchema>>;

/** What the reviewer of a repository task answers: the diagnosis and the changes that fix it. */
export function createRepositoryReviewSchema(options: ChangePathOptions = {}) {
  return z.object({
    root_cause: z.string(),
    error_type: z.enum(ERROR_TYPES),
    fix_description: z.string(),
    confidence: z.number().min(0).max(1),
    changes_made: z.array(z.string()),
    changes: createFileChangesSchema(options),
    explanation: z.string(),
  });
}
export type RepositoryReview = z.infer<ReturnType<typeof createRepositoryReviewSchema>>;
