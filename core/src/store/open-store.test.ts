import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkStore } from "./check-store.js";
import { MigrationError } from "./migration-error.js";
import { STORE_MIGRATIONS } from "./migrations/index.js";
import { openStore } from "./open-store.js";
import { StoreError } from "./store-error.js";

describe("openStore on a data directory", () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), "codeforge-store-"));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it("creates and migrates the store under cwd, keeps rows across restarts and marks crashed tasks interrupted", async () => {
    const before = await checkStore({ dataDir: "data/pg" }, { cwd });
    const first = await openStore({ dataDir: "data/pg", cwd });
    const running = await first.tasks.create({ prompt: "left running", status: "executing" });
    const finished = await first.tasks.create({ prompt: "finished" });
    await first.tasks.complete(finished.id);
    const whileOpen = await openStore({ dataDir: "data/pg", cwd }).then(
      () => new Error("expected the second open to fail"),
      (caught: unknown) => caught as Error,
    );
    await first.close();
    const lockAfterClose = await stat(path.join(cwd, "data/pg.lock")).catch(() => undefined);

    const health = await checkStore({ dataDir: "data/pg" }, { cwd });
    // A lock left behind by a process that has ended is taken over.
    await writeFile(path.join(cwd, "data/pg.lock"), "999999999 1");
    const second = await openStore({ dataDir: "data/pg", cwd });
    try {
      expect(whileOpen).toBeInstanceOf(StoreError);
      expect(whileOpen.message).toContain("is already open in this process");
      expect(lockAfterClose).toBeUndefined();
      expect(before).toMatchObject({ ok: true, required: true });
      expect(before.detail).toContain("does not exist yet");
      expect((await stat(path.join(cwd, "data/pg/PG_VERSION"))).isFile()).toBe(true);
      expect(second.location).toBe(path.join(cwd, "data/pg"));
      expect(health).toMatchObject({ name: "Database", ok: true });
      expect(health.detail).toContain("migrations up to date");
      expect(await second.migrate()).toEqual([]);
      expect(await second.tasks.get(running.id)).toMatchObject({
        status: "failed",
        errorMessage: "interrupted",
      });
      expect((await second.tasks.get(finished.id))?.status).toBe("completed");
    } finally {
      await second.close();
    }
  }, 120_000);
});

/** Every migration, oldest first. */
const MIGRATION_NAMES = Object.keys(STORE_MIGRATIONS).sort();

describe("openStore", () => {
  it("reports each migration applied, then nothing the second time", async () => {
    const store = await openStore({ cwd: tmpdir(), dataDir: "memory://", migrate: false });
    try {
      const pending = await store.pendingMigrations();
      const first = await store.migrate();
      const second = await store.migrate();

      expect(pending).toEqual(MIGRATION_NAMES);
      expect(first).toEqual(
        MIGRATION_NAMES.map((migrationName) => ({
          migrationName,
          direction: "Up",
          status: "Success",
        })),
      );
      expect(second).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("rolls a failing migration back and reports it with the results", async () => {
    const store = await openStore({ cwd: tmpdir(), dataDir: "memory://", migrate: false });
    try {
      // A table in the way, as on a database some other tool already uses.
      await sql`create table tasks (id integer)`.execute(store.db);

      const error = await store.migrate().then(
        () => new Error("expected the migration to fail"),
        (caught: unknown) => caught as Error,
      );

      expect(error).toBeInstanceOf(MigrationError);
      expect(error.message).toContain("migration 20261124133000-initial-schema failed");
      expect(error.message).toContain("run codeforge migrate again");
      expect((error as MigrationError).results).toEqual([
        { migrationName: "20261124133000-initial-schema", direction: "Up", status: "Error" },
        ...MIGRATION_NAMES.slice(1).map((migrationName) => ({
          migrationName,
          direction: "Up",
          status: "NotExecuted",
        })),
      ]);
      expect(await store.pendingMigrations()).toEqual(MIGRATION_NAMES);
      const tables = await sql<{
        name: string;
      }>`select table_name as name from information_schema.tables where table_name = 'agent_traces'`.execute(
        store.db,
      );
      expect(tables.rows).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("does not blame a migration when the failure comes before any ran", async () => {
    const store = await openStore({ cwd: tmpdir(), dataDir: "memory://", migrate: false });
    try {
      // Kysely's lock table in a shape it cannot use: locking fails before any migration.
      await sql`create table kysely_migration_lock (id integer primary key)`.execute(store.db);

      const error = await store.migrate().then(
        () => new Error("expected the migration to fail"),
        (caught: unknown) => caught as Error,
      );

      expect(error).toBeInstanceOf(MigrationError);
      expect(error.message).toMatch(/^could not run the migrations: .*no migration was applied/);
      expect(error.message).not.toContain("(unknown)");
      expect(await store.pendingMigrations()).toEqual(MIGRATION_NAMES);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("says how to fix an unreachable server without showing its password", async () => {
    const error = await openStore({
      cwd: tmpdir(),
      databaseUrl: "postgres://app:s3cret@127.0.0.1:1/codeforge",
    }).then(
      () => new Error("expected openStore to fail"),
      (caught: unknown) => caught as Error,
    );

    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toContain("cannot reach the database at postgres://app:***@127.0.0.1:1");
    expect(error.message).toContain("unset it to use the embedded store");
    expect(error.message).not.toContain("s3cret");
  });
});

describe("the base directory", () => {
  it("is the caller's to give: the store never falls back to process.cwd()", async () => {
    // @ts-expect-error cwd is required, so a composition root cannot forget it
    const missing: Parameters<typeof openStore>[0] = { dataDir: "pgdata" };
    // @ts-expect-error the same for the doctor check
    const check = () => checkStore({ dataDir: "pgdata" }, {});

    expect(missing).not.toHaveProperty("cwd");
    expect(check).toBeTypeOf("function");
  });
});

describe("checkStore", () => {
  it("passes an in-memory store without opening one", async () => {
    const result = await checkStore({ dataDir: "memory://" }, { cwd: tmpdir() });

    expect(result).toMatchObject({ name: "Database", ok: true });
    expect(result.detail).toContain("in-memory store");
  });

  it("fails with the fix when the server is unreachable", async () => {
    const result = await checkStore(
      { databaseUrl: "postgres://app:s3cret@127.0.0.1:1/codeforge" },
      { cwd: tmpdir() },
    );

    expect(result).toMatchObject({ name: "Database", ok: false, required: true });
    expect(result.fix).toContain("DATABASE_URL");
    expect(JSON.stringify(result)).not.toContain("s3cret");
  });
});
