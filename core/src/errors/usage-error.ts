import { CodeForgeError, type CodeForgeErrorOptions } from "./codeforge-error.js";

/**
 * The caller asked for something that cannot be done as asked: a missing argument, an
 * unknown dataset, a file that does not exist. Command lines map it to exit code 2.
 */
export class UsageError extends CodeForgeError {
  constructor(message: string, options: CodeForgeErrorOptions = {}) {
    super(message, options);
  }
}
