import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fromPglite, PgBoss } from "pg-boss";

/** Where the queue lives: a Postgres server, or an embedded PGlite folder (`memory://` for none). */
export type QueueLocation = { databaseUrl: string } | { dataDir: string };

/** A started pg-boss and how to stop it and its database. */
export interface QueueDatabase {
  boss: PgBoss;
  /** Stops pg-boss; with `graceful`, running jobs get `timeoutMs` to finish or are handed back. */
  close(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

/** Options of {@link openQueueDatabase}. */
export interface OpenQueueDatabaseOptions {
  /** Whether this process runs pg-boss's maintenance (expiry, retries of dead workers' jobs). */
  supervise?: boolean;
  onError?: (error: Error) => void;
}

/**
 * Starts pg-boss on a Postgres server (`DATABASE_URL`, its own `pgboss` schema beside the
 * store's tables) or on an embedded PGlite of its own. PGlite is one connection in one
 * process: the queue keeps its own folder beside the store's, so queue polling never waits
 * behind a store transaction, and only `codeforge-app start` (server and worker in one
 * process) can use it.
 */
export async function openQueueDatabase(
  location: QueueLocation,
  options: OpenQueueDatabaseOptions = {},
): Promise<QueueDatabase> {
  let pglite: PGlite | undefined;
  let boss: PgBoss;
  const common = {
    supervise: options.supervise ?? true,
    schedule: false,
    // Keep the failed-jobs monitor quick, so a dead worker's job is taken again soon.
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
  } as const;
  if ("databaseUrl" in location) {
    boss = new PgBoss({ connectionString: location.databaseUrl, max: 4, ...common });
  } else {
    if (location.dataDir === "memory://") {
      pglite = new PGlite();
    } else {
      await mkdir(path.dirname(location.dataDir), { recursive: true });
      pglite = await PGlite.create(location.dataDir);
    }
    boss = new PgBoss({ db: fromPglite(pglite), backend: "pglite", ...common });
  }
  boss.on("error", (error) => options.onError?.(error));
  try {
    await boss.start();
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    throw error;
  }
  return {
    boss,
    async close(closeOptions = {}) {
      await boss.stop({
        graceful: closeOptions.graceful ?? true,
        timeout: closeOptions.timeoutMs ?? 10_000,
        close: true,
      });
      await pglite?.close();
    },
  };
}
