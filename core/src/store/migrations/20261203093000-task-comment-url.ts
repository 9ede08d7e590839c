import type { Kysely } from "kysely";

// Frozen in time: this migration imports nothing from the application and never changes
// once released. A later change to the schema is a new migration.

/** The URL of the comment that asked for a task (the App's). */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against no schema type (STYLE.md)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tasks").addColumn("comment_url", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against no schema type (STYLE.md)
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tasks").dropColumn("comment_url").execute();
}
