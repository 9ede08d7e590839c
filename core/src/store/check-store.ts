import { access } from "node:fs/promises";
import path from "node:path";
import type { HealthCheckResult } from "../health/index.js";
import { DEFAULT_DATA_DIR, IN_MEMORY_DATA_DIR, openStore, redactUrl } from "./open-store.js";

/** The `store` section of the configuration, as `checkStore` needs it. */
export interface StoreCheckConfig {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

/** Where `checkStore` resolves a relative `dataDir`: the composition root's base directory. */
export interface CheckStoreOptions {
  cwd: string;
}

/**
 * The `codeforge doctor` check of the database: reachable, and every migration applied.
 * Changes nothing: it neither migrates nor creates an embedded store that does not exist yet.
 */
export async function checkStore(
  config: StoreCheckConfig,
  options: CheckStoreOptions,
): Promise<HealthCheckResult> {
  const started = performance.now();
  const name = "Database";
  const finish = (result: Omit<HealthCheckResult, "name" | "required" | "durationMs">) => ({
    name,
    required: true,
    durationMs: Math.round(performance.now() - started),
    ...result,
  });

  const dataDir = config.dataDir ?? DEFAULT_DATA_DIR;
  if (!config.databaseUrl && dataDir === IN_MEMORY_DATA_DIR) {
    return finish({
      ok: true,
      detail: "in-memory store (PGlite): created and migrated by each command, kept by none",
    });
  }
  if (!config.databaseUrl) {
    const directory = path.resolve(options.cwd, dataDir);
    if (!(await exists(path.join(directory, "PG_VERSION")))) {
      return finish({
        ok: true,
        detail: `embedded store (PGlite) at ${directory} does not exist yet; it is created and migrated on first use`,
      });
    }
  }

  try {
    const store = await openStore({
      databaseUrl: config.databaseUrl,
      dataDir,
      cwd: options.cwd,
      migrate: false,
      markInterrupted: false,
    });
    try {
      const pending = await store.pendingMigrations();
      const where = `${store.dialect === "pglite" ? "embedded store (PGlite)" : "Postgres"} at ${store.location}`;
      if (pending.length > 0) {
        return finish({
          ok: false,
          detail: `${where}: ${pending.length} migration(s) pending (${pending.join(", ")})`,
          fix: "run codeforge migrate",
        });
      }
      return finish({ ok: true, detail: `${where}, migrations up to date` });
    } finally {
      await store.close();
    }
  } catch (error) {
    return finish({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
      fix: config.databaseUrl
        ? `start the server at ${redactUrl(config.databaseUrl)}, fix DATABASE_URL, or unset it to use the embedded store`
        : "check that the store directory is writable, or set DATABASE_URL to use a Postgres server",
    });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
