import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { CamelCasePlugin, type Dialect, Kysely, PostgresDialect, sql } from "kysely";
import { type MigrationResult, Migrator } from "kysely/migration";
import { createAnalyticsRepository } from "./analytics-repository.js";
import { createBenchmarkRepository } from "./benchmark-repository.js";
import { lockDataDir } from "./data-dir-lock.js";
import type { Database } from "./database.js";
import { MigrationError } from "./migration-error.js";
import { createMigrationProvider } from "./migrations/index.js";
import { SerialPGliteDialect } from "./serial-pglite-dialect.js";
import type { Store, StoreDialect, StoreRepositories } from "./store.js";
import { StoreError } from "./store-error.js";
import { createTaskRepository } from "./task-repository.js";

/** The embedded store's directory when none is configured, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".codeforge/pgdata";

/** The `dataDir` that keeps the embedded store in memory. */
export const IN_MEMORY_DATA_DIR = "memory://";

/**
 * On a shared server, tasks untouched this many minutes are taken for interrupted when a store
 * opens (the `store.interruptedAfterMinutes` default; longer than the default wall-time budget).
 */
export const DEFAULT_INTERRUPTED_AFTER_MINUTES = 30;

/** Where the store lives and what to do on opening. The `store` config section fits as is. */
export interface OpenStoreOptions {
  /** `postgres://…`: use this server through `pg` instead of the embedded store. */
  databaseUrl?: string | undefined;
  /** The embedded store's directory (resolved against `cwd`), or `memory://`. */
  dataDir?: string | undefined;
  /**
   * The directory a relative `dataDir` is resolved against. Required: the composition root
   * (the CLI's context, the App's or Action's start-up) decides it; the store never reads
   * `process.cwd()` itself.
   */
  cwd: string;
  /** Apply pending migrations on opening. Defaults to true. */
  migrate?: boolean | undefined;
  /**
   * Mark unfinished tasks failed ("interrupted") on opening. Defaults to true. The embedded
   * store belongs to one process, so every unfinished task is marked; on a server, where
   * other workers may be running tasks, only tasks untouched for `interruptedAfterMinutes`.
   */
  markInterrupted?: boolean | undefined;
  /** Defaults to {@link DEFAULT_INTERRUPTED_AFTER_MINUTES}; the `store` config section carries it. */
  interruptedAfterMinutes?: number | undefined;
  /** Most connections the server pool opens. Defaults to 10. */
  maxConnections?: number | undefined;
}

/**
 * Opens the store: PGlite in `dataDir` (default `.codeforge/pgdata` under `cwd`), or a
 * Postgres server when `databaseUrl` is set. Applies pending migrations and marks tasks
 * left unfinished by a crashed process as failed, unless told not to.
 *
 * @example
 * const store = await openStore({ ...config.store, cwd: process.cwd() });
 * const task = await store.tasks.create({ prompt: "reverse a string", source: "cli" });
 * await store.close();
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const connection = options.databaseUrl
    ? await openServer(options.databaseUrl, options.maxConnections ?? 10)
    : await openEmbedded(options.dataDir ?? DEFAULT_DATA_DIR, options.cwd);
  return connectStore(connection, options);
}

/** How a store reaches its database: which kind, where (for messages), and the Kysely dialect. */
export interface StoreConnection {
  kind: StoreDialect;
  location: string;
  dialect: Dialect;
  /** Runs after the database is closed, e.g. to release the data directory's lock. */
  onClose?: () => Promise<void>;
}

/**
 * Builds the store over an opened connection, then checks, migrates and recovers as
 * {@link openStore} describes. `openStore` and the test store share it.
 */
export async function connectStore(
  connection: StoreConnection,
  options: Pick<OpenStoreOptions, "migrate" | "markInterrupted" | "interruptedAfterMinutes"> = {},
): Promise<Store> {
  const db = new Kysely<Database>({
    dialect: connection.dialect,
    // Nested keys are kept: they are JSON written by agents (plans, outputs), not columns.
    plugins: [
      new CamelCasePlugin({ maintainNestedObjectKeys: true, underscoreBeforeDigits: true }),
    ],
  });
  const store = createStore(db, connection.kind, connection.location, connection.onClose);
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    await connection.onClose?.();
    throw new StoreError(unreachableMessage(connection.kind, connection.location, error), {
      cause: error,
      retryable: connection.kind === "postgres",
    });
  }

  try {
    if (options.migrate ?? true) await store.migrate();
    if ((options.markInterrupted ?? true) && (await store.pendingMigrations()).length === 0) {
      if (connection.kind === "pglite") {
        await store.transaction(async (repositories) => {
          await repositories.tasks.markInterrupted();
          await repositories.benchmarks.markInterrupted();
        });
      } else {
        await store.tasks.markInterrupted({
          olderThanMs:
            (options.interruptedAfterMinutes ?? DEFAULT_INTERRUPTED_AFTER_MINUTES) * 60_000,
        });
      }
    }
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

async function openEmbedded(dataDir: string, cwd: string): Promise<StoreConnection> {
  if (dataDir === IN_MEMORY_DATA_DIR) {
    return {
      kind: "pglite",
      location: IN_MEMORY_DATA_DIR,
      dialect: new SerialPGliteDialect(new PGlite()),
    };
  }
  const directory = path.resolve(cwd, dataDir);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new StoreError(
      `cannot create the store directory ${directory}: ${messageOf(error)}; choose another with CODEFORGE_STORE_DATA_DIR or set DATABASE_URL`,
      { cause: error },
    );
  }
  const release = await lockDataDir(directory);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(directory);
  } catch (error) {
    await release();
    throw new StoreError(`cannot open the embedded store in ${directory}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return {
    kind: "pglite",
    location: directory,
    dialect: new SerialPGliteDialect(pglite),
    onClose: release,
  };
}

async function openServer(databaseUrl: string, maxConnections: number): Promise<StoreConnection> {
  // Loaded only when a server is configured: the embedded store never needs the driver.
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  return {
    kind: "postgres",
    location: redactUrl(databaseUrl),
    dialect: new PostgresDialect({ pool }),
  };
}

function createStore(
  db: Kysely<Database>,
  kind: StoreDialect,
  location: string,
  onClose?: () => Promise<void>,
): Store {
  const repositories = (executor: Kysely<Database>): StoreRepositories => ({
    tasks: createTaskRepository(executor),
    benchmarks: createBenchmarkRepository(executor),
    analytics: createAnalyticsRepository(executor),
  });
  // Migrations are frozen against snake_case names, so they run without the camelCase plugin.
  let migrator: Promise<Migrator> | undefined;
  const getMigrator = (): Promise<Migrator> => {
    // A failed attempt (server down, say) is not cached: the next call tries again.
    migrator ??= createMigrator(db.withoutPlugins()).catch((error: unknown) => {
      migrator = undefined;
      throw error;
    });
    return migrator;
  };
  return {
    ...repositories(db),
    dialect: kind,
    location,
    db,
    async migrate() {
      const { error, results = [] } = await (await getMigrator()).migrateToLatest();
      if (error) throw new MigrationError(migrationFailureMessage(results, error), results, error);
      return results;
    },
    async pendingMigrations() {
      const migrations = await (await getMigrator()).getMigrations();
      return migrations
        .filter((migration) => migration.executedAt === undefined)
        .map((migration) => migration.name);
    },
    transaction(work) {
      return db.transaction().execute((transaction) => work(repositories(transaction)));
    },
    async close() {
      try {
        await db.destroy();
      } finally {
        await onClose?.();
      }
    },
  };
}

/**
 * Kysely looks for its migration tables in every schema on the search path unless told which
 * one, so a `kysely_migration_lock` left in `public` by another application would be taken
 * for ours while our tables go to the connection's schema. Pin them to the schema the
 * migrations themselves create their tables in: the connection's current schema.
 */
async function createMigrator(db: Kysely<Database>): Promise<Migrator> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new StoreError(
      "the database connection has no current schema (its search_path names no existing schema): create the schema, or fix search_path in DATABASE_URL",
    );
  }
  return new Migrator({ db, provider: createMigrationProvider(), migrationTableSchema: schema });
}

function migrationFailureMessage(results: readonly MigrationResult[], error: unknown): string {
  const failed = results.find((result) => result.status === "Error")?.migrationName;
  if (failed) {
    return `migration ${failed} failed: ${messageOf(error)}; nothing of it was applied, fix the cause and run codeforge migrate again`;
  }
  // The failure came before any migration ran (reading or locking Kysely's migration tables).
  return `could not run the migrations: ${messageOf(error)}; no migration was applied, fix the cause and run codeforge migrate again`;
}

function unreachableMessage(kind: StoreDialect, location: string, error: unknown): string {
  if (kind === "postgres") {
    return `cannot reach the database at ${location}: ${messageOf(error)}; start the server, fix DATABASE_URL, or unset it to use the embedded store`;
  }
  return `cannot open the embedded store in ${location}: ${messageOf(error)}`;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(messageOf).join(", ");
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
