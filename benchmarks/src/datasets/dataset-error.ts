import { CodeForgeError, type CodeForgeErrorOptions } from "@codeforge/core";

/** Why a dataset could not be read. */
export const DATASET_ERROR_CODES = ["missing", "checksum_mismatch", "invalid"] as const;

/** One of {@link DATASET_ERROR_CODES}. */
export type DatasetErrorCode = (typeof DATASET_ERROR_CODES)[number];

/** Options of a {@link DatasetError}. */
export interface DatasetErrorOptions extends CodeForgeErrorOptions {
  code: DatasetErrorCode;
  /** The dataset file concerned, e.g. `HumanEval.jsonl.gz`. */
  fileName: string;
}

/**
 * A dataset file is missing (and could not be downloaded), does not match its published
 * sha256, or holds a line that is not what the dataset promises. The message names the
 * file and says where to put a good copy.
 */
export class DatasetError extends CodeForgeError {
  readonly code: DatasetErrorCode;
  readonly fileName: string;

  constructor(message: string, options: DatasetErrorOptions) {
    super(message, options);
    this.code = options.code;
    this.fileName = options.fileName;
  }
}
