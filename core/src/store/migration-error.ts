import type { MigrationResult } from "kysely/migration";
import { StoreError } from "./store-error.js";

/**
 * A migration failed. `results` says which migrations ran, which failed and which were not
 * executed; the failed one was rolled back.
 */
export class MigrationError extends StoreError {
  readonly results: readonly MigrationResult[];

  constructor(message: string, results: readonly MigrationResult[], cause: unknown) {
    super(message, { cause });
    this.results = results;
  }
}
