import { CodeForgeError, type CodeForgeErrorOptions } from "../errors/index.js";

/**
 * The store could not do what was asked: the database is unreachable, a migration failed,
 * or a row named by id does not exist. The message says what to do about it.
 */
export class StoreError extends CodeForgeError {
  constructor(message: string, options: CodeForgeErrorOptions = {}) {
    super(message, options);
  }
}
