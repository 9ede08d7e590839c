import { CodeForgeError, type CodeForgeErrorOptions } from "../errors/codeforge-error.js";

/** Why a repository could not be read as a snapshot. */
export const WORKSPACE_ERROR_CODES = [
  "too_many_files",
  "too_many_bytes",
  "unreadable",
  "invalid_archive",
] as const;

export type WorkspaceErrorCode = (typeof WORKSPACE_ERROR_CODES)[number];

/** Options of a {@link WorkspaceError}. */
export interface WorkspaceErrorOptions extends CodeForgeErrorOptions {
  code: WorkspaceErrorCode;
}

/**
 * A repository could not be turned into a snapshot: it is over the configured limits, a
 * folder cannot be read, or an archive is not a GitHub-style tarball. The message names
 * the limit and how to raise it.
 */
export class WorkspaceError extends CodeForgeError {
  readonly code: WorkspaceErrorCode;

  constructor(message: string, options: WorkspaceErrorOptions) {
    super(message, options);
    this.code = options.code;
  }
}
