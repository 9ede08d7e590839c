import type { Migration, MigrationProvider } from "kysely/migration";
import * as initialSchema from "./20261124133000-initial-schema.js";
import * as repositoryTasks from "./20261203080000-repository-tasks.js";
import * as taskCommentUrl from "./20261203093000-task-comment-url.js";

/**
 * Every migration of the store, keyed by its sortable timestamped name. Listed statically
 * (not scanned from disk) so the store also works from a bundle such as the Action's `dist`.
 * A new migration is a new file in this folder, added here.
 */
export const STORE_MIGRATIONS: Readonly<Record<string, Migration>> = {
  "20261124133000-initial-schema": initialSchema,
  "20261203080000-repository-tasks": repositoryTasks,
  "20261203093000-task-comment-url": taskCommentUrl,
};

/** A Kysely migration provider over {@link STORE_MIGRATIONS}. */
export function createMigrationProvider(
  migrations: Readonly<Record<string, Migration>> = STORE_MIGRATIONS,
): MigrationProvider {
  return { getMigrations: async () => ({ ...migrations }) };
}
