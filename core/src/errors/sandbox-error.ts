import { CodeForgeError, type CodeForgeErrorOptions } from "./codeforge-error.js";

/** Why the sandbox itself (not the program in it) failed. */
export const SANDBOX_ERROR_CODES = [
  "daemon_unreachable",
  "image_missing",
  "image_build_failed",
  "container_failed",
  "pool_closed",
  "invalid_request",
  "setup_failed",
] as const;

export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[number];

/** Options of a {@link SandboxError}. */
export interface SandboxErrorOptions extends CodeForgeErrorOptions {
  code: SandboxErrorCode;
}

/**
 * An infrastructure fault of the sandbox: the engine is unreachable, the image is
 * missing, a container could not be created. A program that fails is a result, never
 * this error.
 */
export class SandboxError extends CodeForgeError {
  readonly code: SandboxErrorCode;

  constructor(message: string, options: SandboxErrorOptions) {
    super(message, options);
    this.code = options.code;
  }
}
