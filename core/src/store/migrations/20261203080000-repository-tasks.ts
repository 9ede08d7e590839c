import type { Kysely } from "kysely";

// Frozen in time: this migration imports nothing from the application and never changes
// once released. A later change to the schema is a new migration.

/** A repository task's base commit, its unified diff and the diff's per-file stats. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against no schema type (STYLE.md)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("tasks")
    .addColumn("base_commit", "text")
    .addColumn("diff", "text")
    .addColumn("diff_stats", "jsonb")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against no schema type (STYLE.md)
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("tasks")
    .dropColumn("base_commit")
    .dropColumn("diff")
    .dropColumn("diff_stats")
    .execute();
}
