import type { Pool, PoolConfig } from "pg";

/**
 * Builds a `pg` connection pool from its two parts, exactly as `pg.Pool` does. Loading the
 * `pg` entry itself breaks under tools that run Node with `--conditions=import` (vitest
 * does): its CommonJS `require("pg-pool")` then receives the ESM build and `pg` fails at
 * load time. Importing the parts directly works under every set of conditions.
 */
export async function createPgPool(config: PoolConfig): Promise<Pool> {
  const [{ default: Client }, { default: PgPool }] = await Promise.all([
    import("pg/lib/client.js"),
    import("pg-pool"),
  ]);
  return new PgPool(config, Client);
}
