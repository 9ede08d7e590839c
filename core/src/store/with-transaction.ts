import type { Kysely } from "kysely";
import type { Database } from "./database.js";

/**
 * Runs `work` in a transaction: a new one, or the caller's when `db` already is one, so a
 * repository's own transactional writes compose into a larger transaction.
 */
export async function withTransaction<T>(
  db: Kysely<Database>,
  work: (transaction: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
