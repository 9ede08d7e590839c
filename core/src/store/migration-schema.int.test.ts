import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { type Kysely, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterAll, describe, expect, it } from "vitest";
import { requireService } from "../testing/require-service.js";
import { openStore } from "./open-store.js";
import type { Store } from "./store.js";

const serverUrl = process.env.CODEFORGE_TEST_DATABASE_URL;

// Two schemas of this run's own: "other" plays another application that already keeps
// Kysely's migration tables in the database, "app" is where CodeForge's connection points.
const suffix = randomBytes(6).toString("hex");
const otherSchema = `codeforge_other_${suffix}`;
const appSchema = `codeforge_app_${suffix}`;

async function admin(): Promise<Store> {
  if (!serverUrl) throw new Error("CODEFORGE_TEST_DATABASE_URL is not set");
  return openStore({
    cwd: tmpdir(),
    databaseUrl: serverUrl,
    migrate: false,
    markInterrupted: false,
  });
}

function urlWithSearchPath(schema: string): string {
  const separator = serverUrl?.includes("?") ? "&" : "?";
  return `${serverUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function migrationNames(db: Kysely<unknown>, schema: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(
    `${schema}.kysely_migration`,
  )} order by name`.execute(db);
  return rows.map((row) => row.name);
}

const server = await requireService("Postgres server (CODEFORGE_TEST_DATABASE_URL)", async () => {
  const store = await admin();
  try {
    const db = store.db.withoutPlugins();
    await sql`create schema ${sql.id(otherSchema)}`.execute(db);
    await sql`create schema ${sql.id(appSchema)}`.execute(db);
    // Another application's Kysely, with no migrations of its own: it leaves the empty
    // kysely_migration and kysely_migration_lock tables in its schema.
    const other = new Migrator({
      db,
      provider: { getMigrations: async () => ({}) },
      migrationTableSchema: otherSchema,
    });
    const { error } = await other.migrateToLatest();
    if (error) throw error;
  } finally {
    await store.close();
  }
});

describe.skipIf(!server.available)(`migrations next to another schema's ${server.reason}`, () => {
  afterAll(async () => {
    const store = await admin();
    try {
      const db = store.db.withoutPlugins();
      await sql`drop schema if exists ${sql.id(otherSchema)} cascade`.execute(db);
      await sql`drop schema if exists ${sql.id(appSchema)} cascade`.execute(db);
    } finally {
      await store.close();
    }
  });

  it("keeps its migration tables in the connection's schema and leaves the other schema's alone", async () => {
    const store = await openStore({ cwd: tmpdir(), databaseUrl: urlWithSearchPath(appSchema) });
    try {
      expect(await store.pendingMigrations()).toEqual([]);
      expect(await store.migrate()).toEqual([]);
      const task = await store.tasks.create({ prompt: "reverse a string", source: "cli" });
      expect((await store.tasks.get(task.id))?.prompt).toBe("reverse a string");

      const db = store.db.withoutPlugins() as Kysely<unknown>;
      expect((await migrationNames(db, appSchema)).length).toBeGreaterThan(0);
      expect(await migrationNames(db, otherSchema)).toEqual([]);
      const { rows } = await sql<{ schema: string }>`select table_schema as schema
        from information_schema.tables where table_name = 'tasks'
        and table_schema in (${otherSchema}, ${appSchema})`.execute(db);
      expect(rows).toEqual([{ schema: appSchema }]);
    } finally {
      await store.close();
    }
  });

  it("says how to fix a search_path that names no existing schema", async () => {
    await expect(
      openStore({ cwd: tmpdir(), databaseUrl: urlWithSearchPath(`codeforge_missing_${suffix}`) }),
    ).rejects.toThrow(/no current schema.*fix search_path in DATABASE_URL/);
  });
});
