import { z } from "zod";

/** The kinds of failure the reviewer names. */
export const ERROR_TYPES = [
  "syntax_error",
  "runtime_error",
  "logic_error",
  "import_error",
  "timeout",
  "memory_error",
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * A reviewer's diagnosis of a failed run, whatever kind of fix comes with it (a whole
 * program, or changes to a repository's files).
 */
export interface Diagnosis {
  root_cause: string;
  error_type: ErrorType;
  fix_description: string;
  confidence: number;
  changes_made: string[];
}

/** What the reviewer returns: a diagnosis and the complete fixed program. */
export const ReviewSchema = z.object({
  root_cause: z.string(),
  error_type: z.enum(ERROR_TYPES),
  fix_description: z.string(),
  fixed_code: z.string(),
  /** The tests as they should be when the agent's own tests were wrong; null otherwise. */
  fixed_tests: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  changes_made: z.array(z.string()),
});
export type Review = z.infer<typeof ReviewSchema>;
